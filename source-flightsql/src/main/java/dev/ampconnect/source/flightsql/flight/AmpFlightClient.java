package dev.ampconnect.source.flightsql.flight;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.CallOptions;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A Flight SQL connection to an amp server: issues a query as docs/AMP_PROTOCOL.md describes (GetFlightInfo
 * with {@code CommandStatementQuery} in an {@code Any}, the amp headers on it, then DoGet of the single
 * endpoint's ticket on the same server, the bearer token on both calls). Thread-safe; one per task.
 */
public final class AmpFlightClient implements AutoCloseable {

    private final ServerSettings settings;
    private final FlightClient client;
    private final FlightSqlClient sqlClient;

    public AmpFlightClient(ServerSettings settings, BufferAllocator allocator) {
        this.settings = settings;
        Location location = settings.uri().tls()
                ? Location.forGrpcTls(settings.uri().host(), settings.uri().port())
                : Location.forGrpcInsecure(settings.uri().host(), settings.uri().port());
        FlightClient.Builder builder = FlightClient.builder(allocator, location);
        if (settings.uri().tls()) {
            builder.useTls();
            if (settings.trust().isCustom()) {
                builder.trustedCertificates(new ByteArrayInputStream(TrustedCertificates.pem(settings.trust())));
            }
        }
        this.client = builder.build();
        this.sqlClient = new FlightSqlClient(client);
    }

    /** The server address, for messages. */
    public ServerSettings settings() {
        return settings;
    }

    /**
     * Runs GetFlightInfo for a query (planning it, which also proves the server is reachable, the token
     * valid and the SQL accepted) without redeeming the ticket.
     *
     * @param what names the query in error messages, e.g. "stream blocks"
     * @throws FlightCallException classified as transient or not
     */
    public FlightInfo plan(QueryRequest request, String what) {
        List<CallOption> options = new ArrayList<>();
        options.add(new HeaderCallOption(queryHeaders(request)));
        options.add(CallOptions.timeout(settings.requestTimeoutMs(), TimeUnit.MILLISECONDS));
        try {
            return sqlClient.execute(request.sql(), options.toArray(CallOption[]::new));
        } catch (FlightRuntimeException e) {
            throw FlightCallException.of("GetFlightInfo for " + what, settings.uri(), e);
        }
    }

    /**
     * Plans a query and opens its data stream. The caller owns the returned stream (close it; cancel it
     * to stop early).
     */
    public FlightStream open(QueryRequest request, String what) {
        FlightInfo info = plan(request, what);
        List<FlightEndpoint> endpoints = info.getEndpoints();
        if (endpoints.size() != 1) {
            throw new FlightCallException("GetFlightInfo for " + what + " on " + settings.uri() + " returned "
                    + endpoints.size() + " endpoints; an amp server returns exactly one", null, false, null);
        }
        try {
            return sqlClient.getStream(endpoints.get(0).getTicket(), new HeaderCallOption(authHeaders()));
        } catch (FlightRuntimeException e) {
            throw FlightCallException.of("DoGet for " + what, settings.uri(), e);
        }
    }

    private FlightCallHeaders queryHeaders(QueryRequest request) {
        FlightCallHeaders headers = authHeaders();
        // always sent, "false" too: the header overrides a `SETTINGS stream = true` in the SQL, so mode decides
        headers.insert(AmpCallHeaders.STREAM, request.streaming() ? "true" : "false");
        if (request.resumeJson() != null) {
            headers.insert(AmpCallHeaders.RESUME, request.resumeJson());
        }
        return headers;
    }

    private FlightCallHeaders authHeaders() {
        FlightCallHeaders headers = new FlightCallHeaders();
        if (settings.token() != null) {
            headers.insert(AmpCallHeaders.AUTHORIZATION, "Bearer " + settings.token());
        }
        return headers;
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (InterruptedException e) {
            // closing waits for the channel to terminate; keep the interrupt for the caller
            Thread.currentThread().interrupt();
        }
    }
}
