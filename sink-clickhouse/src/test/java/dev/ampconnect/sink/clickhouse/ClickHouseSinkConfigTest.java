package dev.ampconnect.sink.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ClickHouseSinkConfigTest {

    private static Map<String, String> config(String... pairs) {
        Map<String, String> config = new HashMap<>();
        config.put(ClickHouseSinkConfig.URL, "http://localhost:8123");
        for (int i = 0; i < pairs.length; i += 2) {
            config.put(pairs[i], pairs[i + 1]);
        }
        return config;
    }

    @Test
    void defaultsGiveTheDefaultLayout() {
        ClickHouseSinkConfig config = new ClickHouseSinkConfig(config());
        assertEquals(ChTableLayout.defaults(), config.layout());
        assertEquals("default", config.database());
        assertEquals("default", config.user());
        assertEquals(Map.of(), config.insertSettings());
    }

    @Test
    void layoutKeysBecomeTheLayout() {
        ClickHouseSinkConfig config = new ClickHouseSinkConfig(config(ClickHouseSinkConfig.ORDER_BY, "block_num, tx_index",
                ClickHouseSinkConfig.PARTITION_BY, "intDiv(block_num, 1000000)", ClickHouseSinkConfig.TABLE_SETTINGS,
                "index_granularity=4096, storage_policy='hot'", ClickHouseSinkConfig.DEDUPLICATION_WINDOW, "250"));
        assertEquals(new ChTableLayout("block_num, tx_index", "intDiv(block_num, 1000000)", 250,
                Map.of("index_granularity", "4096", "storage_policy", "'hot'")), config.layout());
    }

    @Test
    void aSettingWithoutAValueNamesItsKey() {
        ConfigException error = assertThrows(ConfigException.class, () -> new ClickHouseSinkConfig(
                config(ClickHouseSinkConfig.TABLE_SETTINGS, "index_granularity")));
        assertTrue(error.getMessage().contains(ClickHouseSinkConfig.TABLE_SETTINGS), error.getMessage());
    }

    @Test
    void aCommentInAnExpressionNamesItsKey() {
        ConfigException error = assertThrows(ConfigException.class, () -> new ClickHouseSinkConfig(
                config(ClickHouseSinkConfig.ORDER_BY, "block_num -- x")));
        assertTrue(error.getMessage().contains(ClickHouseSinkConfig.ORDER_BY), error.getMessage());
    }

    @Test
    void theInsertSettingsThatMakeRetriesSafeCannotBeOverridden() {
        for (String own : ChInserter.OWN_SETTINGS) {
            ConfigException error = assertThrows(ConfigException.class, () -> new ClickHouseSinkConfig(
                    config(ClickHouseSinkConfig.INSERT_SETTINGS, own + "=1")));
            assertTrue(error.getMessage().contains(ClickHouseSinkConfig.INSERT_SETTINGS), error.getMessage());
        }
        assertEquals(Map.of("max_memory_usage", "1000", "insert_quorum", "2"), new ClickHouseSinkConfig(
                config(ClickHouseSinkConfig.INSERT_SETTINGS, "max_memory_usage=1000,insert_quorum=2")).insertSettings());
    }
}
