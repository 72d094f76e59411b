package dev.ampconnect.sink.iceberg;

import dev.ampconnect.testsupport.iceberg.IcebergCatalog;
import dev.ampconnect.testsupport.iceberg.IcebergCatalogExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link IcebergCatalogSuite} on a REST catalog (Iceberg's own, in-JVM, or {@code AMP_TEST_ICEBERG_REST_URI}). */
class RestCatalogIT extends IcebergCatalogSuite {

    @RegisterExtension
    static final IcebergCatalogExtension CATALOG = IcebergCatalogExtension.rest();

    @Override
    IcebergCatalog catalogHandle() {
        return CATALOG.catalog();
    }
}
