package dev.ampconnect.sink.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.clickhouse.client.api.ServerException;
import dev.ampconnect.common.config.ConfigValidation;
import dev.ampconnect.testsupport.clickhouse.ClickHouseExtension;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code validate()} connects to the real engine and attaches each problem to the key to fix. */
class AmpClickHouseSinkConnectorIT {

    @RegisterExtension
    static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

    private Map<String, String> config() {
        Map<String, String> config = new HashMap<>();
        config.put("name", "validate");
        config.put("connector.class", AmpClickHouseSinkConnector.class.getName());
        config.put("topics", "blocks");
        config.put("header.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.putAll(new ClickHouseProbe(CLICKHOUSE.database()).storeConfig());
        return config;
    }

    private static List<String> errors(Map<String, String> config, String key) {
        return ConfigValidation.errorsOf(new AmpClickHouseSinkConnector().validate(config), key);
    }

    @Test
    void aValidConfigHasNoErrors() {
        Map<String, String> config = config();
        config.put(ClickHouseSinkConfig.ORDER_BY, "block_num, tx_index");
        config.put(ClickHouseSinkConfig.PARTITION_BY, "intDiv(block_num, 1000000)");
        config.put(ClickHouseSinkConfig.TABLE_SETTINGS, "index_granularity=8192");
        config.put(ClickHouseSinkConfig.INSERT_SETTINGS, "max_memory_usage=10000000000");
        Config result = new AmpClickHouseSinkConnector().validate(config);
        assertFalse(ConfigValidation.hasErrors(result), result.configValues().toString());
    }

    @Test
    void thePasswordIsAPasswordKey() {
        assertEquals(ConfigDef.Type.PASSWORD, ClickHouseSinkConfig.configDef().configKeys().get(ClickHouseSinkConfig.PASSWORD).type);
    }

    @Test
    void anUnreachableServerIsAttachedToTheUrl() {
        Map<String, String> config = config();
        config.put(ClickHouseSinkConfig.URL, "http://127.0.0.1:1");
        List<String> errors = errors(config, ClickHouseSinkConfig.URL);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("127.0.0.1:1"), errors.get(0));
    }

    @Test
    void anUnknownDatabaseIsAttachedToTheDatabase() {
        Map<String, String> config = config();
        config.put(ClickHouseSinkConfig.DATABASE, "no_such_db");
        Config result = new AmpClickHouseSinkConnector().validate(config);
        List<String> errors = ConfigValidation.errorsOf(result, ClickHouseSinkConfig.DATABASE);
        assertEquals(1, errors.size(), result.configValues().stream().filter(v -> !v.errorMessages().isEmpty())
                .map(v -> v.name() + ": " + v.errorMessages()).toList().toString());
        assertTrue(errors.get(0).contains("no_such_db"), errors.get(0));
    }

    @Test
    void authenticationFailuresNameTheKeyToFix() {
        // the chdb test engine has no users: the server's codes are checked as the client reports them
        assertEquals(ClickHouseSinkConfig.PASSWORD, AmpClickHouseSinkConnector.keyOf(new ServerException(516, "x", 401, "q")));
        assertEquals(ClickHouseSinkConfig.USER, AmpClickHouseSinkConnector.keyOf(new ServerException(192, "x", 500, "q")));
        assertEquals(ClickHouseSinkConfig.DATABASE, AmpClickHouseSinkConnector.keyOf(new ServerException(81, "x", 500, "q")));
        assertEquals(ClickHouseSinkConfig.URL, AmpClickHouseSinkConnector.keyOf(new IllegalStateException("refused")));
    }

    @Test
    void anOrderByTheServerCannotParseIsAttachedToItsKey() {
        Map<String, String> config = config();
        config.put(ClickHouseSinkConfig.ORDER_BY, "block_num,, tx_index");
        List<String> errors = errors(config, ClickHouseSinkConfig.ORDER_BY);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("block_num,, tx_index"), errors.get(0));
    }

    @Test
    void aStatementSeparatorInALayoutExpressionIsRefusedBeforeConnecting() {
        Map<String, String> config = config();
        config.put(ClickHouseSinkConfig.PARTITION_BY, "toYYYYMM(ts); DROP TABLE x");
        List<String> errors = errors(config, ClickHouseSinkConfig.PARTITION_BY);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("may not contain ';'"), errors.get(0));
    }

    @Test
    void unknownTableAndInsertSettingsAreAttachedToTheirKeys() {
        Map<String, String> config = config();
        config.put(ClickHouseSinkConfig.TABLE_SETTINGS, "no_such_table_setting=1");
        config.put(ClickHouseSinkConfig.INSERT_SETTINGS, "no_such_insert_setting=1");
        Config result = new AmpClickHouseSinkConnector().validate(config);
        assertTrue(ConfigValidation.errorsOf(result, ClickHouseSinkConfig.TABLE_SETTINGS).toString()
                .contains("no_such_table_setting"), result.configValues().toString());
        assertTrue(ConfigValidation.errorsOf(result, ClickHouseSinkConfig.INSERT_SETTINGS).toString()
                .contains("no_such_insert_setting"), result.configValues().toString());
    }

    @Test
    void anInsertSettingTheSinkSetsItselfIsRefused() {
        Map<String, String> config = config();
        config.put(ClickHouseSinkConfig.INSERT_SETTINGS, "async_insert=1");
        List<String> errors = errors(config, ClickHouseSinkConfig.INSERT_SETTINGS);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("async_insert"), errors.get(0));
    }

    @Test
    void truncateOnFirstWriteIsRefusedByTheTaskAtStart() {
        Map<String, String> config = config();
        config.put("table.truncate.on.first.write", "true");
        AmpClickHouseSinkTask task = new AmpClickHouseSinkTask();
        org.apache.kafka.common.config.ConfigException error = org.junit.jupiter.api.Assertions.assertThrows(
                org.apache.kafka.common.config.ConfigException.class, () -> task.start(config));
        assertTrue(error.getMessage().contains("table.truncate.on.first.write"), error.getMessage());
        task.stop();
    }
}
