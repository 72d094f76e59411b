package dev.ampconnect.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With a token configured, both GetFlightInfo and DoGet require {@code authorization: Bearer <token>}. */
class AuthTest {

    private static final String QUERY = "SELECT * FROM anvil.blocks";
    private static final Map<String, String> GOOD = Map.of("authorization", "Bearer s3cret");

    private static AmpSimulator amp;
    private static SimClient client;

    @BeforeAll
    static void start() throws Exception {
        amp = AmpSimulator.builder().initialHead(3).bearerToken("s3cret").start();
        client = SimClient.connect(amp);
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        amp.close();
    }

    @Test
    void theRightTokenIsServed() throws Exception {
        List<ReceivedBatch> batches = client.readAll(QUERY, GOOD);

        assertEquals(4, batches.stream().mapToInt(ReceivedBatch::rowCount).sum());
        assertEquals(4, client.readAll(QUERY, Map.of("authorization", "bearer s3cret")).stream()
                .mapToInt(ReceivedBatch::rowCount).sum(), "the scheme is case-insensitive");
    }

    @Test
    void aMissingTokenIsUnauthenticated() {
        FlightRuntimeException error = assertThrows(FlightRuntimeException.class, () -> client.info(QUERY, Map.of()));

        assertEquals(FlightStatusCode.UNAUTHENTICATED, error.status().code());
        assertTrue(error.getMessage().contains("Bearer"), error.getMessage());
    }

    @Test
    void aWrongTokenOrSchemeIsUnauthenticated() {
        for (String header : List.of("Bearer wrong", "Basic s3cret", "s3cret")) {
            FlightRuntimeException error = assertThrows(FlightRuntimeException.class,
                    () -> client.info(QUERY, Map.of("authorization", header)), header);
            assertEquals(FlightStatusCode.UNAUTHENTICATED, error.status().code(), header);
        }
    }

    @Test
    @SuppressWarnings("try") // Arrow's FlightStream.close() declares Exception
    void doGetWithoutTheTokenIsUnauthenticatedEvenWithAValidTicket() throws Exception {
        FlightInfo info = client.info(QUERY, GOOD);

        try (FlightStream stream = client.doGet(info.getEndpoints().get(0).getTicket(), Map.of())) {
            FlightRuntimeException error = assertThrows(FlightRuntimeException.class, stream::next);
            assertEquals(FlightStatusCode.UNAUTHENTICATED, error.status().code());
        }
    }
}
