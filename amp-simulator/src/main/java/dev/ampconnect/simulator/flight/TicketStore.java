package dev.ampconnect.simulator.flight;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.impl.FlightSql.TicketStatementQuery;

/**
 * Issues and redeems tickets. A ticket is a protobuf {@code Any} wrapping Flight SQL's
 * {@code TicketStatementQuery} whose handle is {@code amp-sim:<uuid>}: opaque to clients, single-use and
 * valid for the TTL only, so a client that persists or replays tickets fails loudly here.
 */
final class TicketStore {

    static final String HANDLE_PREFIX = "amp-sim:";

    private record Entry(BoundQuery query, long expiresAtNanos) {
    }

    private final Map<String, Entry> tickets = new ConcurrentHashMap<>();
    private final long ttlNanos;

    TicketStore(Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    /** A new ticket for {@code query}. */
    Ticket issue(BoundQuery query) {
        long now = System.nanoTime();
        tickets.values().removeIf(entry -> entry.expiresAtNanos() - now < 0);
        String handle = HANDLE_PREFIX + UUID.randomUUID();
        tickets.put(handle, new Entry(query, now + ttlNanos));
        TicketStatementQuery statement = TicketStatementQuery.newBuilder()
                .setStatementHandle(ByteString.copyFrom(handle, StandardCharsets.UTF_8)).build();
        return new Ticket(Any.pack(statement).toByteArray());
    }

    /** The query of the ticket with {@code handle}, removing it; empty if unknown, already used or expired. */
    Optional<BoundQuery> redeem(ByteString handle) {
        Entry entry = tickets.remove(handle.toString(StandardCharsets.UTF_8));
        if (entry == null || entry.expiresAtNanos() - System.nanoTime() < 0) {
            return Optional.empty();
        }
        return Optional.of(entry.query());
    }
}
