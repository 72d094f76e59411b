package dev.ampconnect.source.flightsql.flight;

import dev.ampconnect.source.flightsql.config.AmpSourceConfig;
import dev.ampconnect.source.flightsql.config.SourceMode;
import dev.ampconnect.source.flightsql.config.StreamConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.kafka.common.config.ConfigException;

/**
 * What {@code validate()} learns by really talking to the server: each stream's query is planned
 * (GetFlightInfo, the ticket never redeemed), which proves the server is reachable, the token accepted
 * and the SQL valid. Problems are attached to the key the user must fix.
 */
public final class ConnectivityCheck {

    private ConnectivityCheck() {
    }

    /**
     * Plans every stream's query; returns error messages by config key (empty when all is well).
     */
    public static Map<String, String> run(AmpSourceConfig config, Map<String, StreamConfig> streams) {
        Map<String, String> errors = new LinkedHashMap<>();
        boolean streaming = config.mode() == SourceMode.STREAM;
        try (BufferAllocator allocator = new RootAllocator(16L * 1024 * 1024)) {
            AmpFlightClient client;
            try {
                client = new AmpFlightClient(ServerSettings.of(config), allocator);
            } catch (ConfigException e) {
                errors.put(e.getMessage().contains(AmpSourceConfig.TLS_TRUSTSTORE_PATH)
                        ? AmpSourceConfig.TLS_TRUSTSTORE_PATH : AmpSourceConfig.TLS_CA_FILE, e.getMessage());
                return errors;
            } catch (RuntimeException e) {
                errors.put(AmpSourceConfig.SERVER_URI, "cannot set up a client for " + config.serverUri() + ": " + e);
                return errors;
            }
            try {
                for (StreamConfig stream : streams.values()) {
                    try {
                        client.plan(new QueryRequest(stream.query(), streaming, null), "stream " + stream.name());
                    } catch (FlightCallException e) {
                        errors.put(keyFor(e, stream), e.getMessage());
                        if (!keyFor(e, stream).equals(StreamConfig.prefix(stream.name()) + StreamConfig.QUERY)) {
                            // a server or token problem: the other streams would repeat it
                            break;
                        }
                    }
                }
            } finally {
                client.close();
            }
        }
        return errors;
    }

    private static String keyFor(FlightCallException error, StreamConfig stream) {
        if (error.code() == null) {
            return AmpSourceConfig.SERVER_URI;
        }
        return switch (error.code()) {
            case UNAUTHENTICATED, UNAUTHORIZED -> AmpSourceConfig.SERVER_TOKEN;
            case INVALID_ARGUMENT, NOT_FOUND, UNIMPLEMENTED, ALREADY_EXISTS -> StreamConfig.prefix(stream.name()) + StreamConfig.QUERY;
            default -> AmpSourceConfig.SERVER_URI;
        };
    }
}
