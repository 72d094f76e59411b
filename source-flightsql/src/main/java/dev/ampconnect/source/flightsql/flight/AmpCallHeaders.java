package dev.ampconnect.source.flightsql.flight;

/** The gRPC call headers the amp server reads on GetFlightInfo (docs/AMP_PROTOCOL.md "Issuing a query"). */
public final class AmpCallHeaders {

    /** {@code true} turns a query into a live stream, {@code false} forces a finite batch query. */
    public static final String STREAM = "amp-stream";
    /** The resume cursor JSON: {@code {"<network>":{"number":N,"hash":"0x…"}}}. */
    public static final String RESUME = "amp-resume";
    /** {@code Bearer <token>}, on both GetFlightInfo and DoGet. */
    public static final String AUTHORIZATION = "authorization";

    private AmpCallHeaders() {
    }
}
