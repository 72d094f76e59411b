package dev.ampconnect.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Ticket;
import org.junit.jupiter.api.Test;

/** GetFlightInfo hands out one location-less endpoint whose ticket is opaque, single-use and short-lived. */
class TicketTest {

    private static final String QUERY = "SELECT * FROM anvil.blocks";

    @Test
    @SuppressWarnings("try") // Arrow's FlightStream.close() declares Exception
    void flightInfoHasOneEndpointWithoutLocationRedeemableOnce() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().initialHead(2).start(); SimClient client = SimClient.connect(amp)) {
            FlightInfo info = client.info(QUERY, Map.of());

            assertEquals(1, info.getEndpoints().size());
            FlightEndpoint endpoint = info.getEndpoints().get(0);
            assertTrue(endpoint.getLocations().isEmpty(), "redeem on the same server");
            try (FlightStream first = client.doGet(endpoint.getTicket(), Map.of())) {
                int rows = 0;
                while (first.next()) {
                    rows += first.getRoot().getRowCount();
                }
                assertEquals(3, rows);
            }
            assertNotFound(client, endpoint.getTicket());
        }
    }

    @Test
    void anExpiredTicketIsNotFound() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().ticketTtl(Duration.ofMillis(20)).start();
             SimClient client = SimClient.connect(amp)) {
            Ticket ticket = client.info(QUERY, Map.of()).getEndpoints().get(0).getTicket();
            long issued = System.nanoTime();
            Await.until("the ticket's TTL to pass", () -> System.nanoTime() - issued > Duration.ofMillis(40).toNanos());

            assertNotFound(client, ticket);
        }
    }

    @Test
    void aForgedTicketIsNotFound() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().start(); SimClient client = SimClient.connect(amp)) {
            assertNotFound(client, new Ticket("SELECT * FROM anvil.blocks".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @SuppressWarnings("try") // Arrow's FlightStream.close() declares Exception
    private static void assertNotFound(SimClient client, Ticket ticket) throws Exception {
        try (FlightStream stream = client.doGet(ticket, Map.of())) {
            FlightRuntimeException error = assertThrows(FlightRuntimeException.class, stream::next);
            assertEquals(FlightStatusCode.NOT_FOUND, error.status().code());
            assertTrue(error.getMessage().contains("ticket"), error.getMessage());
        }
    }
}
