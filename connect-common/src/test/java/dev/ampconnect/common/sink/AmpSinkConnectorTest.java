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
    void everyTaskGetsTheConnectorConfig() {
        BareConnector connector = new BareConnector();
        connector.start(config("org.apache.kafka.connect.storage.StringConverter"));
        assertEquals(3, connector.taskConfigs(3).size());
        assertEquals("c", connector.taskConfigs(1).get(0).get("name"));
    }
}
