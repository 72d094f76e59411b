package dev.ampconnect.simulator.flight;

import java.util.Locale;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallInfo;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightServerMiddleware;
import org.apache.arrow.flight.RequestContext;

/**
 * Hands each call's headers to the producer (Arrow passes them to middleware only) and, when a token is
 * configured, rejects every call whose {@code authorization} header is not {@code Bearer <token>} with
 * UNAUTHENTICATED before it reaches the producer.
 */
public final class CallHeadersMiddleware implements FlightServerMiddleware {

    /** The key the producer looks the middleware up by. */
    public static final Key<CallHeadersMiddleware> KEY = Key.of("amp-simulator-call-headers");

    private final CallHeaders headers;

    private CallHeadersMiddleware(CallHeaders headers) {
        this.headers = headers;
    }

    /** The value of header {@code name}, or null. */
    String header(String name) {
        return headers.get(name);
    }

    @Override
    public void onBeforeSendingHeaders(CallHeaders outgoingHeaders) {
    }

    @Override
    public void onCallCompleted(CallStatus status) {
    }

    @Override
    public void onCallErrored(Throwable err) {
    }

    /** Creates the middleware per call, checking the bearer token first. */
    public static final class Factory implements FlightServerMiddleware.Factory<CallHeadersMiddleware> {

        private final String token;

        /** @param token the required bearer token, or null to accept every call */
        public Factory(String token) {
            this.token = token;
        }

        @Override
        public CallHeadersMiddleware onCallStarted(CallInfo info, CallHeaders incomingHeaders, RequestContext context) {
            if (token != null) {
                checkBearer(info, incomingHeaders.get("authorization"));
            }
            return new CallHeadersMiddleware(incomingHeaders);
        }

        private void checkBearer(CallInfo info, String authorization) {
            if (authorization == null) {
                throw CallStatus.UNAUTHENTICATED.withDescription("amp-simulator requires an 'authorization: Bearer "
                        + "<token>' header on " + info.method() + "; none was sent").toRuntimeException();
            }
            String prefix = "bearer ";
            if (authorization.length() < prefix.length()
                    || !authorization.substring(0, prefix.length()).toLowerCase(Locale.ROOT).equals(prefix)) {
                throw CallStatus.UNAUTHENTICATED.withDescription("the authorization header on " + info.method()
                        + " must use the Bearer scheme").toRuntimeException();
            }
            if (!authorization.substring(prefix.length()).trim().equals(token)) {
                throw CallStatus.UNAUTHENTICATED.withDescription("invalid bearer token on " + info.method())
                        .toRuntimeException();
            }
        }
    }
}
