package dev.ampconnect.common.sink.buffer;

/** Receives records that could not be converted, with the reason (the sink base reports or fails on them). */
@FunctionalInterface
public interface BadRecordSink {

    /** {@code record} could not become a row. */
    void reject(BufferedRecord record, RuntimeException error);
}
