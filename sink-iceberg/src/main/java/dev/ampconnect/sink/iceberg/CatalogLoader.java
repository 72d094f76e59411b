package dev.ampconnect.sink.iceberg;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.kafka.common.config.ConfigException;

/**
 * Builds the Iceberg {@link Catalog} a connector is configured for: Iceberg's own {@code CatalogUtil} with the
 * {@code iceberg.catalog.*} properties and a Hadoop {@code Configuration} holding the {@code iceberg.hadoop.*}
 * keys (Hadoop's defaults are not read from the worker's class path: {@code new Configuration(false)}).
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
        Configuration hadoop = new Configuration(false);
        config.hadoopProperties().forEach(hadoop::set);
        String key = properties.containsKey("catalog-impl") ? IcebergSinkConfig.CATALOG_IMPL : IcebergSinkConfig.CATALOG_TYPE;
        try {
            return CatalogUtil.buildIcebergCatalog(config.catalogName(), properties, hadoop);
        } catch (RuntimeException | LinkageError e) {
            // the message names the catalog and the cause, never the properties (they hold secrets)
            throw new ConfigException(key, properties.getOrDefault("type", properties.get("catalog-impl")),
                    "cannot load Iceberg catalog '" + config.catalogName() + "' (uri " + properties.get("uri") + "): "
                            + rootMessage(e));
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e) : e + " <- " + root;
    }
}
