package dev.ampconnect.common.sink;

import dev.ampconnect.common.sink.store.StoreException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * Consecutive transient store failures: each one becomes a {@link RetriableException} (Connect redelivers
 * after the backoff, which doubles per failure up to a cap); one too many fails the task.
 *
 * <p>The backoff is kept here, not only handed to Connect: the worker shortens {@code SinkTaskContext.timeout}
 * to the time left until its next offset commit, so with {@code offset.flush.interval.ms=1000} every
 * redelivery came after at most 1 s and {@code max.retries=10} was spent in ~10 s instead of the minutes the
 * doubling backoff promises. The engine asks {@link #remainingBackoffMs} before it touches the store again.
 */
final class RetryBudget {

    private final int maxRetries;
    private final long backoffMs;
    private final long maxBackoffMs;
    private int failures;
    /** When the backoff after the last failure ends (clock millis); meaningful while failures > 0. */
    private long retryAtMs;

    RetryBudget(int maxRetries, long backoffMs, long maxBackoffMs) {
        this.maxRetries = maxRetries;
        this.backoffMs = backoffMs;
        this.maxBackoffMs = maxBackoffMs;
    }

    /** The backoff before the next attempt, after {@link #failed}. */
    long backoffMs() {
        if (failures <= 0) {
            return 0;
        }
        long backoff = backoffMs;
        for (int i = 1; i < failures && backoff < maxBackoffMs; i++) {
            backoff *= 2;
        }
        return Math.min(backoff, maxBackoffMs);
    }

    /** Counts a transient failure at {@code nowMs} and returns the exception to throw. */
    RuntimeException failed(StoreException cause, String what, long nowMs) {
        failures++;
        retryAtMs = nowMs + backoffMs();
        if (failures > maxRetries) {
            return new ConnectException(what + " failed " + failures + " times in a row (max.retries=" + maxRetries
                    + "); last error: " + cause.getMessage(), cause);
        }
        return new RetriableException(what + " failed (attempt " + failures + " of " + (maxRetries + 1)
                + ", retrying in " + backoffMs() + " ms): " + cause.getMessage(), cause);
    }

    /** How long the store must still be left alone at {@code nowMs} (0: the next attempt may run). */
    long remainingBackoffMs(long nowMs) {
        return failures <= 0 ? 0 : Math.max(0, retryAtMs - nowMs);
    }

    int failures() {
        return failures;
    }

    void succeeded() {
        failures = 0;
    }
}
