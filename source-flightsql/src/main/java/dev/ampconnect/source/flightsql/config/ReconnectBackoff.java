package dev.ampconnect.source.flightsql.config;

/**
 * Exponential backoff between reconnect attempts.
 *
 * @param initialMs   wait before the first retry
 * @param maxMs       longest wait
 * @param maxAttempts consecutive failed attempts before giving up; -1 for never
 */
public record ReconnectBackoff(long initialMs, long maxMs, int maxAttempts) {

    /** The wait before attempt {@code attempt} (1-based), doubling from {@link #initialMs} up to {@link #maxMs}. */
    public long delayMs(int attempt) {
        long delay = initialMs;
        for (int i = 1; i < attempt && delay < maxMs; i++) {
            delay *= 2;
        }
        return Math.min(delay, maxMs);
    }

    /** Whether another attempt is allowed after {@code failedAttempts} consecutive failures. */
    public boolean allowsAttempt(int failedAttempts) {
        return maxAttempts < 0 || failedAttempts < maxAttempts;
    }
}
