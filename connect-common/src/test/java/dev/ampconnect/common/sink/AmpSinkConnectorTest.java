package dev.ampconnect.common.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.config.ConfigValidation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.junit.jupiter.api.Test;

class AmpSinkConnectorTest {

    /** The smallest concrete connector: no store keys, no store checks. */
    static final class BareConnector extends AmpSinkConnector {
        @Override
        protected ConfigDef storeConfigDef() {
            return new ConfigDef();
        }

        @Override
        public Class<? extends Task> taskClass() {
            return null;
        }

        @Override
        public String version() {
            return "test";
        }
    }

    private static Map<String, String> config(String headerConverter) {
        Map<String, String> config = new HashMap<>(Map.of("name", "c", "topics", "t", "connector.class", "x"));
        if (headerConverter != null) {
            config.put("header.converter", headerConverter);
        }
        return config;
    }

    @Test
    void validateRequiresTheStringHeaderConverter() {
        Config missing = new BareConnector().validate(config(null));
        Config wrong = new BareConnector().validate(config("org.apache.kafka.connect.storage.SimpleHeaderConverter"));
        Config right = new BareConnector().validate(config("org.apache.kafka.connect.storage.StringConverter"));

        assertEquals(1, ConfigValidation.errorsOf(missing, "header.converter").size());
        assertTrue(ConfigValidation.errorsOf(wrong, "header.converter").get(0).contains("SimpleHeaderConverter"));
        assertEquals(List.of(), ConfigValidation.errorsOf(right, "header.converter"));
        assertTrue(!ConfigValidation.hasErrors(right));
    }

    @Test
    void badBaseKeysAreAttachedToTheirKey() {
        Map<String, String> config = config("org.apache.kafka.connect.storage.StringConverter");
        config.put(AmpSinkConfig.BUFFER_FLUSH_ROWS, "0");
        Config result = new BareConnector().validate(config);
        assertEquals(1, ConfigValidation.errorsOf(result, AmpSinkConfig.BUFFER_FLUSH_ROWS).size());
    }

    @Test
    void checksAcrossKeysFailValidationNamingTheKeyToFix() {
        Map<String, String> backoff = config("org.apache.kafka.connect.storage.StringConverter");
        backoff.put(AmpSinkConfig.RETRY_BACKOFF_MS, "5000");
        backoff.put(AmpSinkConfig.RETRY_BACKOFF_MAX_MS, "1000");
        Map<String, String> format = config("org.apache.kafka.connect.storage.StringConverter");
        format.put(AmpSinkConfig.TABLE_NAME_FORMAT, "amp_${topic");

        List<String> backoffErrors = ConfigValidation.errorsOf(new BareConnector().validate(backoff),
                AmpSinkConfig.RETRY_BACKOFF_MAX_MS);
        List<String> formatErrors = ConfigValidation.errorsOf(new BareConnector().validate(format),
                AmpSinkConfig.TABLE_NAME_FORMAT);

        assertEquals(1, backoffErrors.size());
        assertTrue(backoffErrors.get(0).contains("must be at least retry.backoff.ms"), backoffErrors.get(0));
        assertEquals(1, formatErrors.size(), "the task would fail at start; POST /connectors is refused instead");
    }

    @Test
    void everyTaskGetsTheConnectorConfig() {
        BareConnector connector = new BareConnector();
        connector.start(config("org.apache.kafka.connect.storage.StringConverter"));
        assertEquals(3, connector.taskConfigs(3).size());
        assertEquals("c", connector.taskConfigs(1).get(0).get("name"));
    }
}
