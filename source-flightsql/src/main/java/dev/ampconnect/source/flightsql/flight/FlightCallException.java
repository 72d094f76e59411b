package dev.ampconnect.source.flightsql.flight;

import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * A failed call to the amp server, classified: transient failures (server unreachable, stream reset)
 * are retried with backoff from the last watermark; the rest (bad token, bad SQL) fail at once.
 */
public class FlightCallException extends ConnectException {

    private static final long serialVersionUID = 1L;

    private final boolean transientFailure;
    private final FlightStatusCode code;

    public FlightCallException(String message, FlightStatusCode code, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.transientFailure = transientFailure;
    }

    /** Whether reconnecting may help. */
    public boolean isTransient() {
        return transientFailure;
    }

    /** The gRPC/Flight status code. */
    public FlightStatusCode code() {
        return code;
    }

    /**
     * Wraps a Flight error with what was being done and where, and what the user can do about it.
     *
     * @param action e.g. "GetFlightInfo for stream blocks"
     * @param server the server address
     */
    public static FlightCallException of(String action, Object server, FlightRuntimeException error) {
        FlightStatusCode code = error.status().code();
        String detail = error.status().description() != null ? error.status().description() : error.getMessage();
        return switch (code) {
            case UNAUTHENTICATED -> new FlightCallException(action + " on " + server + " was rejected as UNAUTHENTICATED ("
                    + detail + "): set amp.server.token to a valid bearer token", code, false, error);
            case UNAUTHORIZED -> new FlightCallException(action + " on " + server + " was rejected as UNAUTHORIZED ("
                    + detail + "): the token in amp.server.token may not run this query", code, false, error);
            case INVALID_ARGUMENT, NOT_FOUND, UNIMPLEMENTED, ALREADY_EXISTS -> new FlightCallException(action + " on "
                    + server + " failed with " + code + ": " + detail + " (check the stream's query)", code, false, error);
            case UNAVAILABLE -> new FlightCallException(action + " on " + server + " failed: server UNAVAILABLE ("
                    + detail + "); is amp.server.uri right and the server up?", code, true, error);
            default -> new FlightCallException(action + " on " + server + " failed with " + code + ": " + detail,
                    code, true, error);
        };
    }
}
