package dev.ampconnect.sink.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ampconnect.common.config.ConfigValidation;
import dev.ampconnect.common.sink.AmpSinkConnector;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.Task;

/**
 * The amp ClickHouse sink connector. {@code validate()} really connects and attaches what fails to the key to fix:
 * the URL (unreachable, not ClickHouse's HTTP interface), the user or password (authentication), the database
 * (missing), the ORDER BY / PARTITION BY expressions (syntax, checked by the server's parser), table and insert
 * settings (unknown names).
 */
public class AmpClickHouseSinkConnector extends AmpSinkConnector {

    private static final int UNKNOWN_USER = 192;
    private static final int AUTHENTICATION_FAILED = 516;
    private static final int UNKNOWN_DATABASE = 81;

    @Override
    protected ConfigDef storeConfigDef() {
        return ClickHouseSinkConfig.configDef();
    }

    @Override
    public Class<? extends Task> taskClass() {
        return AmpClickHouseSinkTask.class;
    }

    @Override
    public void start(Map<String, String> props) {
        super.start(props);
        new ClickHouseSinkConfig(props);
    }

    @Override
    protected Config validateStore(Map<String, String> connectorConfig, Config config) {
        ClickHouseSinkConfig ch;
        try {
            ch = new ClickHouseSinkConfig(connectorConfig);
        } catch (ConfigException e) {
            String key = ConfigValidation.keyOf(e, ClickHouseSinkConfig.configDef().names(), ClickHouseSinkConfig.URL);
            return ConfigValidation.withError(config, key, connectorConfig.get(key), e.getMessage());
        }
        try (ChClient client = ch.connect()) {
            try {
                client.queryJson("SELECT 1 AS ok", Map.of());
            } catch (RuntimeException e) {
                return ConfigValidation.withError(config, keyOf(e), null, "cannot query " + ch.url() + " as " + ch.user()
                        + " in database " + ch.database() + ": " + e.getMessage());
            }
            return checkLayout(client, ch, config);
        } catch (RuntimeException e) {
            return ConfigValidation.withError(config, ClickHouseSinkConfig.URL, ch.url(), "cannot connect to " + ch.url()
                    + ": " + e.getMessage());
        }
    }

    /** Which key a failed first query is about. */
    static String keyOf(RuntimeException e) {
        if (ChErrors.isServerCode(e, UNKNOWN_USER)) {
            return ClickHouseSinkConfig.USER;
        }
        if (ChErrors.isServerCode(e, AUTHENTICATION_FAILED)) {
            return ClickHouseSinkConfig.PASSWORD;
        }
        if (ChErrors.isServerCode(e, UNKNOWN_DATABASE)) {
            return ClickHouseSinkConfig.DATABASE;
        }
        return ClickHouseSinkConfig.URL;
    }

    /** The layout expressions parse and the settings exist, as the server sees them. */
    private static Config checkLayout(ChClient client, ClickHouseSinkConfig ch, Config config) {
        String orderBy = ch.getString(ClickHouseSinkConfig.ORDER_BY);
        if (!orderBy.isBlank()) {
            config = parses(client, "EXPLAIN AST SELECT 1 ORDER BY (" + orderBy + ")", ClickHouseSinkConfig.ORDER_BY,
                    orderBy, config);
        }
        String partitionBy = ch.getString(ClickHouseSinkConfig.PARTITION_BY);
        if (!partitionBy.isBlank()) {
            config = parses(client, "EXPLAIN AST SELECT (" + partitionBy + ")", ClickHouseSinkConfig.PARTITION_BY,
                    partitionBy, config);
        }
        config = known(client, "system.merge_tree_settings", ch.settings(ClickHouseSinkConfig.TABLE_SETTINGS).keySet(),
                ClickHouseSinkConfig.TABLE_SETTINGS, config);
        return known(client, "system.settings", ch.insertSettings().keySet(), ClickHouseSinkConfig.INSERT_SETTINGS, config);
    }

    private static Config parses(ChClient client, String sql, String key, String value, Config config) {
        try {
            client.queryJson(sql, Map.of());
            return config;
        } catch (RuntimeException e) {
            return ConfigValidation.withError(config, key, value, "the server cannot parse '" + value + "': " + e.getMessage());
        }
    }

    private static Config known(ChClient client, String table, Iterable<String> names, String key, Config config) {
        for (String name : names) {
            List<JsonNode> rows = client.queryJson("SELECT count() AS n FROM " + table + " WHERE name = {name:String}",
                    Map.of("name", name));
            if (rows.isEmpty() || rows.get(0).get("n").asLong() == 0) {
                config = ConfigValidation.withError(config, key, null, "the server knows no setting '" + name + "' ("
                        + table + ")");
            }
        }
        return config;
    }
}
