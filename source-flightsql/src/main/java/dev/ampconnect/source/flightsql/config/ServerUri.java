package dev.ampconnect.source.flightsql.config;

import java.net.URI;
import java.net.URISyntaxException;
import org.apache.kafka.common.config.ConfigException;

/**
 * The amp server address: {@code grpc://host:port} (plaintext) or {@code grpc+tls://host:port} (TLS).
 * amp's own default is {@code grpc://localhost:1602}; hosted gateways listen on {@code grpc+tls://...:443}.
 *
 * @param host the server's host name or address
 * @param port the server's port
 * @param tls  whether the connection uses TLS
 */
public record ServerUri(String host, int port, boolean tls) {

    /** Plaintext gRPC scheme. */
    public static final String GRPC = "grpc";
    /** gRPC over TLS scheme. */
    public static final String GRPC_TLS = "grpc+tls";

    /**
     * Parses a configured URI.
     *
     * @param key   the config key the value came from, named in the error
     * @param value the configured text
     * @throws ConfigException when the scheme is not grpc/grpc+tls or host or port is missing
     */
    public static ServerUri parse(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(key, value, "an amp server URI is required, e.g. grpc://localhost:1602");
        }
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new ConfigException(key, value, "not a URI: " + e.getMessage());
        }
        String scheme = uri.getScheme();
        if (!GRPC.equals(scheme) && !GRPC_TLS.equals(scheme)) {
            throw new ConfigException(key, value, "scheme must be grpc:// or grpc+tls://, not " + scheme);
        }
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new ConfigException(key, value, "host and port are required, e.g. " + scheme + "://localhost:1602");
        }
        if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
            throw new ConfigException(key, value, "a Flight server URI has no path");
        }
        return new ServerUri(uri.getHost(), uri.getPort(), GRPC_TLS.equals(scheme));
    }

    @Override
    public String toString() {
        return (tls ? GRPC_TLS : GRPC) + "://" + host + ":" + port;
    }
}
