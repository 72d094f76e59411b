package dev.ampconnect.common.sink;

import dev.ampconnect.common.sink.store.StoreException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * Consecutive transient store failures: each one becomes a {@link RetriableException} (Connect redelivers
 * after the backoff, which doubles per failure up to a cap); one too many fails the task.
 */
final class RetryBudget {

    private final int maxRetries;
    private final long backoffMs;
    private final long maxBackoffMs;
    private int failures;

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

    /** Counts a transient failure and returns the exception to throw. */
    RuntimeException failed(StoreException cause, String what) {
        failures++;
        if (failures > maxRetries) {
            return new ConnectException(what + " failed " + failures + " times in a row (max.retries=" + maxRetries
                    + "); last error: " + cause.getMessage(), cause);
        }
        return new RetriableException(what + " failed (attempt " + failures + " of " + (maxRetries + 1)
                + ", retrying in " + backoffMs() + " ms): " + cause.getMessage(), cause);
    }

    int failures() {
        return failures;
    }

    void succeeded() {
        failures = 0;
    }
}
