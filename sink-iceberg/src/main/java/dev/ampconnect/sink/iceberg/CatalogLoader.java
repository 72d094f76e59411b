package dev.ampconnect.sink.iceberg;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.kafka.common.config.ConfigException;

/**
 * Builds the Iceberg {@link Catalog} a connector is configured for: Iceberg's own {@code CatalogUtil} with the
 * {@code iceberg.catalog.*} properties and a Hadoop {@code Configuration} holding the {@code iceberg.hadoop.*}
 * keys (Hadoop's defaults are not read from the worker's class path: {@code new Configuration(false)}). A catalog
 * with a {@code jdbc:} URI gets this plugin's JDBC drivers registered first ({@link BundledJdbcDrivers}: Connect's
 * plugin isolation would otherwise hide them from {@code DriverManager}).
 */
public final class CatalogLoader {

    private CatalogLoader() {
    }

    /**
     * The connected catalog; the caller closes it when it is {@link java.io.Closeable}.
     *
     * @throws ConfigException naming {@code iceberg.catalog.type} (or {@code catalog-impl}) with Iceberg's reason
     */
    public static Catalog load(IcebergSinkConfig config) {
        Map<String, String> properties = config.catalogProperties();
        if (properties.getOrDefault("uri", "").startsWith("jdbc:")) {
            BundledJdbcDrivers.register();
        }
        Configuration hadoop = new Configuration(false);
        config.hadoopProperties().forEach(hadoop::set);
        try {
            return CatalogUtil.buildIcebergCatalog(config.catalogName(), properties, hadoop);
        } catch (RuntimeException | LinkageError e) {
            throw problem(config, e, "cannot load Iceberg catalog");
        }
    }

    /**
     * A {@link ConfigException} naming the key {@code failure} is about ({@code iceberg.catalog.uri} for an unreachable
     * catalog, {@code iceberg.catalog.jdbc.password} for a refused login, ...), with the root cause. It names the
     * catalog and the URI, never the value of a secret.
     */
    public static ConfigException problem(IcebergSinkConfig config, Throwable failure, String what) {
        Map<String, String> properties = config.catalogProperties();
        String key = CatalogProblems.keyOf(failure, properties);
        Object value = IcebergSinkConfig.configDef().configKeys().containsKey(key)
                && IcebergSinkConfig.configDef().configKeys().get(key).type == org.apache.kafka.common.config.ConfigDef.Type.PASSWORD
                ? "[hidden]" : properties.get(key.substring(IcebergSinkConfig.CATALOG_PREFIX.length()));
        return new ConfigException(key, value, what + " '" + config.catalogName() + "' (type "
                + properties.getOrDefault("type", properties.get("catalog-impl")) + ", uri " + properties.get("uri") + "): "
                + rootMessage(failure));
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e) : e + " <- " + root;
    }
}
