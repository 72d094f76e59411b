package dev.ampconnect.source.flightsql.stream;

import dev.ampconnect.source.flightsql.config.ReconnectBackoff;

/**
 * Counts a stream's consecutive reconnects and says how long to wait before the next one. Reconnects after
 * a transient gRPC error and after a reorg are both attempts: a server that keeps failing, or keeps sending
 * the stream backwards, slows down the reader and eventually exhausts {@code reconnect.max.attempts}.
 * <ul>
 *   <li>Transient error: attempt {@code n} waits {@code backoff.delayMs(n)}; a session that received
 *       messages counts as a working connection, so the next failure is attempt 1 again.</li>
 *   <li>Reorg: a session that moved the stream forward before its reorg reconnects at once (attempt 1, the
 *       normal recovery at the chain head); one that did not continues the count and waits
 *       {@code backoff.delayMs(n - 1)}, so a server replaying the same backwards jump cannot spin.</li>
 * </ul>
 * Not thread-safe: the reader thread owns it.
 */
final class ReconnectAttempts {

    private final ReconnectBackoff backoff;
    private int attempt;

    ReconnectAttempts(ReconnectBackoff backoff) {
        this.backoff = backoff;
    }

    /**
     * A session ended with a transient error.
     *
     * @param serverAnswered the session received at least one message
     * @return the attempt the reconnect will be
     */
    int afterTransientError(boolean serverAnswered) {
        attempt = serverAnswered ? 1 : attempt + 1;
        return attempt;
    }

    /**
     * A reorg needs a reconnect.
     *
     * @param progressed the session moved the stream's position past where it started
     * @return the attempt the reconnect will be
     */
    int afterReorg(boolean progressed) {
        attempt = progressed ? 1 : attempt + 1;
        return attempt;
    }

    /** The wait before the current attempt, after a transient error. */
    long transientDelayMs() {
        return backoff.delayMs(attempt);
    }

    /** The wait before the current attempt, after a reorg: none for the first. */
    long reorgDelayMs() {
        return attempt <= 1 ? 0 : backoff.delayMs(attempt - 1);
    }

    /** Whether {@code reconnect.max.attempts} allows another try after {@link #attempt()} failures in a row. */
    boolean allowed() {
        return backoff.allowsAttempt(attempt);
    }

    /** Consecutive reconnects so far, the one about to happen included (0 before the first). */
    int attempt() {
        return attempt;
    }

    /** The configured limit, for log lines: {@code "of 10"} or {@code "unlimited"}. */
    String limitText() {
        return backoff.maxAttempts() < 0 ? "no limit" : "of " + backoff.maxAttempts();
    }
}
