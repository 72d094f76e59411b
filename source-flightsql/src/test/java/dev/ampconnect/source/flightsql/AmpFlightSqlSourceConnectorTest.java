package dev.ampconnect.source.flightsql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.junit.jupiter.api.Test;

class AmpFlightSqlSourceConnectorTest {

    private static final String HASH = "0x" + "ab".repeat(32);
    private final AmpFlightSqlSourceConnector connector = new AmpFlightSqlSourceConnector();

    private static Map<String, String> config() {
        Map<String, String> config = new HashMap<>();
        config.put("amp.server.uri", "grpc://localhost:1");
        config.put("streams", "blocks,logs");
        config.put("stream.blocks.query", "SELECT * FROM eth.blocks");
        config.put("stream.logs.query", "SELECT * FROM eth.logs");
        return config;
    }

    private static List<String> errors(List<ConfigValue> values, String key) {
        return values.stream().filter(v -> v.name().equals(key)).findFirst().map(ConfigValue::errorMessages).orElse(List.of());
    }

    @Test
    void exactlyOnceAndConnectorDefinedTransactionsAreSupported() {
        assertEquals(ExactlyOnceSupport.SUPPORTED, connector.exactlyOnceSupport(config()));
        assertEquals(ConnectorTransactionBoundaries.SUPPORTED, connector.canDefineTransactionBoundaries(config()));
    }

    @Test
    void validateRejectsErrorsToleranceAllAndATransactionBoundTooCloseToTheTimeout() {
        Map<String, String> config = config();
        config.put("errors.tolerance", "all");
        config.put("transaction.max.ms", "6000");
        config.put("producer.override.transaction.timeout.ms", "10000");
        List<ConfigValue> values = connector.validate(config).configValues();
        assertTrue(errors(values, "errors.tolerance").get(0).contains("invalidation"), values.toString());
        assertTrue(errors(values, "transaction.max.ms").get(0).contains("half"), values.toString());
    }

    @Test
    void tasksGetTheirStreams() {
        connector.start(config());
        List<Map<String, String>> tasks = connector.taskConfigs(4);
        assertEquals(List.of("blocks", "logs"), tasks.stream().map(t -> t.get("task.streams")).toList());
    }

    @Test
    void alterOffsetsAcceptsACursorAloneAndRejectsWhatTheTaskCouldNotResumeFrom() {
        String cursor = "{\"eth\":{\"number\":99,\"hash\":\"" + HASH + "\"}}";
        assertTrue(connector.alterOffsets(config(), Map.of(Map.of("stream", "blocks"), Map.of("cursor", cursor))));
        Map<Map<String, ?>, Map<String, ?>> reset = new HashMap<>();
        reset.put(Map.of("stream", "logs"), null);
        assertTrue(connector.alterOffsets(config(), reset), "a null offset resets the stream");

        ConnectException unknown = assertThrows(ConnectException.class, () -> connector.alterOffsets(config(),
                Map.of(Map.of("stream", "nope"), Map.of("cursor", cursor))));
        assertTrue(unknown.getMessage().contains("not configured"), unknown.getMessage());
        assertThrows(ConnectException.class, () -> connector.alterOffsets(config(),
                Map.of(Map.of("stream", "blocks", "network", "eth"), Map.of("cursor", cursor))));
        ConnectException malformed = assertThrows(ConnectException.class, () -> connector.alterOffsets(config(),
                Map.of(Map.of("stream", "blocks"), Map.of("cursor", "{\"eth\":{\"number\":99,\"hash\":\"0xabc\"}}"))));
        assertTrue(malformed.getMessage().contains("stream blocks"), malformed.getMessage());
    }
}
