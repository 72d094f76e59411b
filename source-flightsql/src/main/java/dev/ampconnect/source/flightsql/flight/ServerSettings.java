package dev.ampconnect.source.flightsql.flight;

import dev.ampconnect.source.flightsql.config.AmpSourceConfig;
import dev.ampconnect.source.flightsql.config.ServerUri;
import dev.ampconnect.source.flightsql.config.TlsTrust;

/**
 * How to reach the amp server.
 *
 * @param uri              the server address
 * @param token            bearer token, or {@code null}
 * @param trust            TLS trust settings
 * @param requestTimeoutMs deadline of GetFlightInfo
 */
public record ServerSettings(ServerUri uri, String token, TlsTrust trust, long requestTimeoutMs) {

    /** The settings of a parsed connector config. */
    public static ServerSettings of(AmpSourceConfig config) {
        return new ServerSettings(config.serverUri(), config.token(), config.tlsTrust(), config.requestTimeoutMs());
    }

    @Override
    public String toString() {
        // never print the token
        return "ServerSettings[" + uri + ", token=" + (token == null ? "none" : "set") + ", " + trust + "]";
    }
}
