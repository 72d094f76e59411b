package dev.ampconnect.simulator.flight;

/** Unwinds a stream whose client went away or whose server is shutting down; not an error. */
final class StreamStoppedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    StreamStoppedException(String reason) {
        super(reason, null, false, false);
    }
}
