package dev.ampconnect.source.flightsql.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.simulator.AmpSimulator;
import dev.ampconnect.source.flightsql.AmpFlightSqlSourceConnector;
import dev.ampconnect.testsupport.connect.ConnectClusterExtension;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code PUT /connector-plugins/AmpFlightSqlSourceConnector/config/validate} on a real worker: every
 * problem is reported on the key the user must fix, including what only talking to the server reveals.
 */
class SourceValidationIT {

    @RegisterExtension
    static final ConnectClusterExtension CONNECT = new ConnectClusterExtension();

    private static Map<String, List<String>> errorsByKey(Map<String, String> config) {
        Map<String, String> body = new HashMap<>(config);
        body.put("name", "validate-me");
        ConfigInfos infos = CONNECT.cluster().embedded().validateConnectorConfig(
                AmpFlightSqlSourceConnector.class.getSimpleName(), body);
        Map<String, List<String>> errors = new HashMap<>();
        for (ConfigInfo info : infos.configs()) {
            if (!info.configValue().errors().isEmpty()) {
                errors.put(info.configValue().name(), info.configValue().errors());
            }
        }
        assertEquals(infos.errorCount(), errors.values().stream().mapToInt(List::size).sum(), "errors: " + errors);
        return errors;
    }

    private static boolean mentions(List<String> errors, String text) {
        return errors != null && errors.stream().anyMatch(error -> error.contains(text));
    }

    @Test
    void badValuesAreRejectedNamingEachKey() {
        Map<String, String> config = SourceConfigs.rows("http://localhost:1602", "blocks", "SELECT * FROM anvil.blocks", "t");
        config.put("streams", "blocks,logs");
        config.put("stream.blocks.start.block", "100");
        config.put("errors.tolerance", "all");
        config.put("record.format", "parquet");

        Map<String, List<String>> errors = errorsByKey(config);

        assertTrue(mentions(errors.get("amp.server.uri"), "grpc://"), errors.toString());
        assertTrue(mentions(errors.get("errors.tolerance"), "invalidation"), errors.toString());
        assertTrue(mentions(errors.get("record.format"), "parquet"), errors.toString());
        assertTrue(mentions(errors.get("stream.blocks.start.block"), "start.block.parent.hash"), errors.toString());
        assertTrue(errors.containsKey("stream.logs.query"), "the second stream has no query: " + errors);
    }

    @Test
    void aWrongTokenIsReportedOnTheTokenKey() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().network("anvil").initialHead(3).bearerToken("right").start()) {
            Map<String, String> config = SourceConfigs.rows(amp.uri().toString(), "blocks", "SELECT * FROM anvil.blocks", "t");
            config.put("amp.server.token", "wrong");
            Map<String, List<String>> errors = errorsByKey(config);
            assertEquals(List.of("amp.server.token"), List.copyOf(errors.keySet()));
            assertTrue(mentions(errors.get("amp.server.token"), "UNAUTHENTICATED"), errors.toString());

            config.put("amp.server.token", "right");
            assertEquals(Map.of(), errorsByKey(config), "the right token validates");
        }
    }

    @Test
    void anUnreachableServerIsReportedOnTheUriKey() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> config = SourceConfigs.rows("grpc://localhost:" + closedPort, "blocks",
                "SELECT * FROM anvil.blocks", "t");
        config.put("amp.server.request.timeout.ms", "5000");
        Map<String, List<String>> errors = errorsByKey(config);
        assertTrue(mentions(errors.get("amp.server.uri"), "UNAVAILABLE"), errors.toString());
    }

    @Test
    void aQueryTheServerRejectsIsReportedOnThatStreamsQueryKey() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().network("anvil").initialHead(3).start()) {
            Map<String, String> config = SourceConfigs.rows(amp.uri().toString(), "blocks",
                    "SELECT * FROM anvil.no_such_table", "t");
            Map<String, List<String>> errors = errorsByKey(config);
            assertEquals(List.of("stream.blocks.query"), List.copyOf(errors.keySet()), errors.toString());
        }
    }
}
