package dev.ampconnect.simulator.flight;

import java.time.Duration;

/**
 * When the next keep-alive of a microbatch is due: one interval after the microbatch started, then one
 * interval after each keep-alive sent (tokio's {@code MissedTickBehavior::Delay}, which ampd uses).
 */
final class KeepAliveClock {

    private final long intervalNanos;
    private long nextDueNanos;

    KeepAliveClock(Duration interval, long startNanos) {
        this.intervalNanos = interval.toNanos();
        this.nextDueNanos = startNanos + intervalNanos;
    }

    boolean isDue(long nowNanos) {
        return intervalNanos > 0 && nowNanos - nextDueNanos >= 0;
    }

    void sentAt(long nowNanos) {
        nextDueNanos = nowNanos + intervalNanos;
    }

    /** Nanos until the next keep-alive, or Long.MAX_VALUE when periodic keep-alives are off. */
    long nanosUntilDue(long nowNanos) {
        return intervalNanos > 0 ? Math.max(0, nextDueNanos - nowNanos) : Long.MAX_VALUE;
    }
}
