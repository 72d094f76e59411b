package dev.ampconnect.sink.iceberg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.arrow.Uint64Mode;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class IcebergSinkConfigTest {

    @Test
    void everyCatalogKeyIsPassedThroughWithoutItsPrefixSecretsIncluded() {
        IcebergSinkConfig config = new IcebergSinkConfig(Map.of(
                "iceberg.catalog", "lake",
                "iceberg.catalog.type", "rest",
                "iceberg.catalog.uri", "http://catalog:8181",
                "iceberg.catalog.credential", "id:secret",
                "iceberg.catalog.s3.endpoint", "http://minio:9000",
                "iceberg.hadoop.fs.s3a.path.style.access", "true",
                "iceberg.tables.auto-create-props.write.metadata.previous-versions-max", "10"));
        assertEquals("lake", config.catalogName());
        assertEquals(Map.of("type", "rest", "uri", "http://catalog:8181", "credential", "id:secret",
                "s3.endpoint", "http://minio:9000"), config.catalogProperties());
        assertEquals(Map.of("fs.s3a.path.style.access", "true"), config.hadoopProperties());
        assertEquals(Map.of("write.metadata.previous-versions-max", "10"), config.autoCreateProperties());
        assertEquals(2, config.formatVersion());
        assertEquals(Uint64Mode.DECIMAL, config.uint64Mode());
    }

    @Test
    void credentialsArePasswordsSoConnectMasksThem() {
        ConfigDef def = IcebergSinkConfig.configDef();
        for (String key : new String[] {IcebergSinkConfig.CATALOG_CREDENTIAL, IcebergSinkConfig.CATALOG_TOKEN,
                IcebergSinkConfig.CATALOG_JDBC_PASSWORD, IcebergSinkConfig.CATALOG_S3_SECRET_ACCESS_KEY}) {
            assertEquals(ConfigDef.Type.PASSWORD, def.configKeys().get(key).type, key);
        }
        IcebergSinkConfig config = new IcebergSinkConfig(Map.of("iceberg.catalog.type", "jdbc",
                "iceberg.catalog.jdbc.password", "pw"));
        assertFalse(config.toString().contains("pw"), "the password is not printed");
        assertEquals("pw", config.catalogProperties().get("jdbc.password"));
    }

    @Test
    void aCatalogTypeOrClassIsRequiredNamingTheKey() {
        ConfigException missing = assertThrows(ConfigException.class, () -> new IcebergSinkConfig(Map.of()));
        assertTrue(missing.getMessage().contains(IcebergSinkConfig.CATALOG_TYPE), missing.getMessage());
        ConfigException both = assertThrows(ConfigException.class, () -> new IcebergSinkConfig(Map.of(
                "iceberg.catalog.type", "rest", "iceberg.catalog.catalog-impl", "x.Y")));
        assertTrue(both.getMessage().contains(IcebergSinkConfig.CATALOG_IMPL), both.getMessage());
    }

    @Test
    void formatVersionIsTwoOrThree() {
        ConfigException e = assertThrows(ConfigException.class, () -> new IcebergSinkConfig(Map.of(
                "iceberg.catalog.type", "rest", IcebergSinkConfig.FORMAT_VERSION, "1")));
        assertTrue(e.getMessage().contains(IcebergSinkConfig.FORMAT_VERSION), e.getMessage());
    }

    @Test
    void anUnloadableCatalogNamesTheTypeKey() {
        IcebergSinkConfig config = new IcebergSinkConfig(Map.of("iceberg.catalog.type", "no-such-type"));
        ConfigException e = assertThrows(ConfigException.class, () -> CatalogLoader.load(config));
        assertTrue(e.getMessage().contains(IcebergSinkConfig.CATALOG_TYPE), e.getMessage());
    }
}
