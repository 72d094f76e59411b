package dev.ampconnect.source.flightsql.stream;

/**
 * What {@code poll()} records when it hands a record to the worker (the stream's metrics: records, rows,
 * the watermark and its microbatch's latency). Runs on the worker's polling thread.
 */
@FunctionalInterface
public interface HandOver {

    /** Records nothing. */
    HandOver NONE = nowNanos -> { };

    /** The record was handed over at {@code nowNanos} ({@link System#nanoTime()}). */
    void handedOver(long nowNanos);
}
