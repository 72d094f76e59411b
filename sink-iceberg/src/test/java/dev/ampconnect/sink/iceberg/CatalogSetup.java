package dev.ampconnect.sink.iceberg;

import dev.ampconnect.testsupport.iceberg.IcebergCatalog;
import dev.ampconnect.testsupport.iceberg.IcebergCatalogExtension;

/**
 * The catalogs the conformance suites run against: Iceberg's REST catalog with format-version 2 tables (position
 * delete files) and the JDBC catalog on PostgreSQL with format-version 3 tables (deletion vectors), so both
 * catalogs and both delete formats go through every scenario.
 */
public enum CatalogSetup {
    /** REST catalog, format version 2. */
    REST_V2(IcebergCatalog.Kind.REST, 2),
    /** JDBC catalog, format version 3. */
    JDBC_V3(IcebergCatalog.Kind.JDBC, 3);

    private final IcebergCatalog.Kind kind;
    private final int formatVersion;

    CatalogSetup(IcebergCatalog.Kind kind, int formatVersion) {
        this.kind = kind;
        this.formatVersion = formatVersion;
    }

    /** The probe of this setup, on {@code rest} or {@code jdbc} (the test class's two catalogs). */
    public IcebergProbe probe(IcebergCatalogExtension rest, IcebergCatalogExtension jdbc) {
        return new IcebergProbe((kind == IcebergCatalog.Kind.REST ? rest : jdbc).catalog(), formatVersion);
    }

    @Override
    public String toString() {
        return kind + " catalog, format v" + formatVersion;
    }
}
