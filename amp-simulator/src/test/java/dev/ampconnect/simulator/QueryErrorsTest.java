package dev.ampconnect.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Queries outside the subset fail at GetFlightInfo with INVALID_ARGUMENT and a message saying why. */
class QueryErrorsTest {

    private static AmpSimulator amp;
    private static SimClient client;

    @BeforeAll
    static void start() throws Exception {
        amp = AmpSimulator.builder().start();
        client = SimClient.connect(amp);
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        amp.close();
    }

    @Test
    void streamingQueriesRejectNonIncrementalConstructsLikeAmpd() {
        for (String query : new String[] {
            "SELECT * FROM anvil.blocks LIMIT 10",
            "SELECT DISTINCT miner FROM anvil.blocks",
            "SELECT count(*) FROM anvil.transactions",
            "SELECT * FROM anvil.blocks ORDER BY block_num",
        }) {
            String message = invalid(query, SimClient.streaming());
            assertTrue(message.contains("streaming queries reject aggregates, DISTINCT, LIMIT"), message);
        }
        String viaSettings = invalid("SELECT max(block_num) FROM anvil.blocks SETTINGS stream = true", Map.of());
        assertTrue(viaSettings.contains("streaming queries reject") && viaSettings.contains("MAX"), viaSettings);
    }

    @Test
    void batchQueriesOutsideTheSubsetSayWhatIsUnderstood() {
        String message = invalid("SELECT miner, count(*) FROM anvil.blocks GROUP BY miner", Map.of());

        assertTrue(message.contains("does not run") && message.contains("understands SELECT"), message);
    }

    @Test
    void unknownTablesColumnsAndFiltersAreNamed() {
        assertTrue(invalid("SELECT * FROM anvil.receipts", Map.of()).contains("[blocks, transactions, logs]"));
        assertTrue(invalid("SELECT gas FROM anvil.blocks", Map.of()).contains("no column 'gas'"));
        assertTrue(invalid("SELECT * FROM blocks", Map.of()).contains("qualified with its dataset"));
        assertTrue(invalid("SELECT * FROM anvil.blocks WHERE miner = 1", Map.of()).contains("block_num"));
        assertTrue(invalid("SELECT * FROM anvil.blocks WHERE block_num = 1 OR block_num = 2", Map.of())
                .contains("AND-combined"));
        assertTrue(invalid("DELETE FROM anvil.blocks", Map.of()).contains("expected SELECT"));
    }

    private static String invalid(String query, Map<String, String> headers) {
        FlightRuntimeException error = assertThrows(FlightRuntimeException.class, () -> client.info(query, headers), query);
        assertEquals(FlightStatusCode.INVALID_ARGUMENT, error.status().code(), query);
        return error.getMessage();
    }
}
