package dev.ampconnect.sink.iceberg;

import dev.ampconnect.common.config.ConfigDefs;
import dev.ampconnect.common.config.ConfigValidation;
import dev.ampconnect.common.sink.AmpSinkConfig;
import dev.ampconnect.common.sink.AmpSinkConnector;
import java.io.Closeable;
import java.io.IOException;
import java.util.Map;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.Task;

/**
 * The amp Iceberg sink connector. {@code validate()} loads the configured catalog and reaches it (the namespace
 * lookup), attaching what fails to the key to fix: {@code iceberg.catalog.type} (unknown type or class),
 * {@code iceberg.catalog.uri} (unreachable REST endpoint or JDBC database), {@code iceberg.catalog.jdbc.user} /
 * {@code .jdbc.password} (refused login), {@code iceberg.catalog.credential} / {@code .token} (refused by a REST
 * catalog), {@code iceberg.namespace} (missing while table.auto.create is off).
 */
public class AmpIcebergSinkConnector extends AmpSinkConnector {

    @Override
    protected ConfigDef storeConfigDef() {
        return IcebergSinkConfig.configDef();
    }

    @Override
    public ConfigDef config() {
        return ConfigDefs.merge(IcebergSinkDefaults.baseConfigDef(), storeConfigDef());
    }

    @Override
    public Class<? extends Task> taskClass() {
        return AmpIcebergSinkTask.class;
    }

    @Override
    public void start(Map<String, String> props) {
        super.start(props);
        new IcebergSinkConfig(props);
    }

    @Override
    protected Config validateStore(Map<String, String> connectorConfig, Config config) {
        IcebergSinkConfig iceberg;
        try {
            iceberg = new IcebergSinkConfig(connectorConfig);
        } catch (ConfigException e) {
            String key = ConfigValidation.keyOf(e, IcebergSinkConfig.configDef().names(), IcebergSinkConfig.CATALOG_TYPE);
            return ConfigValidation.withError(config, key, connectorConfig.get(key), e.getMessage());
        }
        AmpSinkConfig base = new AmpSinkConfig(IcebergSinkDefaults.apply(connectorConfig));
        Catalog catalog;
        try {
            catalog = CatalogLoader.load(iceberg);
        } catch (ConfigException e) {
            String key = ConfigValidation.keyOf(e, IcebergSinkConfig.configDef().names(), IcebergSinkConfig.CATALOG_TYPE);
            return ConfigValidation.withError(config, key, null, e.getMessage());
        }
        try {
            return checkNamespace(catalog, iceberg, base, config);
        } catch (RuntimeException e) {
            ConfigException problem = CatalogLoader.problem(iceberg, e, "cannot reach Iceberg catalog");
            String key = ConfigValidation.keyOf(problem, IcebergSinkConfig.configDef().names(), IcebergSinkConfig.CATALOG_URI);
            return ConfigValidation.withError(config, key, null, problem.getMessage());
        } finally {
            if (catalog instanceof Closeable closeable) {
                try {
                    closeable.close();
                } catch (IOException | RuntimeException ignored) {
                    // validation is over; a client that does not close cleanly changes nothing
                }
            }
        }
    }

    private static Config checkNamespace(Catalog catalog, IcebergSinkConfig iceberg, AmpSinkConfig base, Config config) {
        if (!(catalog instanceof SupportsNamespaces namespaces)) {
            return config;
        }
        if (!namespaces.namespaceExists(iceberg.namespace()) && !base.autoCreate()) {
            return ConfigValidation.withError(config, IcebergSinkConfig.NAMESPACE, iceberg.namespace().toString(),
                    "namespace '" + iceberg.namespace() + "' does not exist in catalog '" + iceberg.catalogName()
                            + "' and table.auto.create=false: create it, or set table.auto.create=true");
        }
        return config;
    }
}
