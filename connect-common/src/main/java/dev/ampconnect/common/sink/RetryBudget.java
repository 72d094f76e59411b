package dev.ampconnect.common.sink;

/**
 * Consecutive transient store failures: each one starts a backoff that doubles per failure up to a cap; one failure
 * more than {@code max.retries} spends the budget.
 *
 * <p>The backoff is kept here, not only handed to Connect: the worker calls {@code put()} again at its next offset
 * commit at the latest (it shortens {@code SinkTaskContext.timeout} to that), so the engine asks {@link
 * #remainingBackoffMs} before it touches the store again; otherwise {@code max.retries=10} was spent in ~10 s instead
 * of the minutes the doubling backoff promises.
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

    /**
     * Counts a transient failure at {@code nowMs}.
     *
     * @return whether the budget is spent (the task must fail)
     */
    boolean failed(long nowMs) {
        failures++;
        retryAtMs = nowMs + backoffMs();
        return failures > maxRetries;
    }

    /** How long the store must still be left alone at {@code nowMs} (0: the next attempt may run). */
    long remainingBackoffMs(long nowMs) {
        return failures <= 0 ? 0 : Math.max(0, retryAtMs - nowMs);
    }

    /** Consecutive failures so far. */
    int failures() {
        return failures;
    }

    /** Attempts the budget allows in a row (the first one and {@code max.retries} retries). */
    int maxAttempts() {
        return maxRetries + 1;
    }

    int maxRetries() {
        return maxRetries;
    }

    void succeeded() {
        failures = 0;
    }
}
