package dev.ampconnect.sink.iceberg;

import dev.ampconnect.common.sink.conformance.SinkCoreConformance;
import dev.ampconnect.common.sink.conformance.SinkProbe;
import dev.ampconnect.testsupport.iceberg.IcebergCatalogExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The core conformance suite against real Iceberg catalogs ({@link CatalogSetup}), TABLE commit scope. */
@ParameterizedClass(name = "{0}")
@EnumSource(CatalogSetup.class)
class IcebergSinkCoreIT extends SinkCoreConformance {

    @RegisterExtension
    static final IcebergCatalogExtension REST = IcebergCatalogExtension.rest();

    @RegisterExtension
    static final IcebergCatalogExtension JDBC = IcebergCatalogExtension.jdbc();

    @Parameter
    CatalogSetup setup;

    private IcebergProbe probe;

    @Override
    protected SinkProbe probe() {
        if (probe == null) {
            probe = setup.probe(REST, JDBC);
        }
        return probe;
    }
}
