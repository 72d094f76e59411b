package dev.ampconnect.sink.iceberg;

import dev.ampconnect.testsupport.iceberg.IcebergCatalog;
import dev.ampconnect.testsupport.iceberg.IcebergCatalogExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link IcebergCatalogSuite} on Iceberg's JDBC catalog in a database of the test PostgreSQL. */
class JdbcCatalogIT extends IcebergCatalogSuite {

    @RegisterExtension
    static final IcebergCatalogExtension CATALOG = IcebergCatalogExtension.jdbc();

    @Override
    IcebergCatalog catalogHandle() {
        return CATALOG.catalog();
    }
}
