package dev.ampconnect.simulator.flight;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the DoGet calls being served and tells them when the server shuts down. */
public final class ActiveStreams {

    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong started = new AtomicLong();
    private volatile boolean shuttingDown;

    void opened() {
        active.incrementAndGet();
        started.incrementAndGet();
    }

    void closed() {
        synchronized (this) {
            active.decrementAndGet();
            notifyAll();
        }
    }

    /** DoGet calls currently being served. */
    public int active() {
        return active.get();
    }

    /** DoGet calls served since start, including finished ones. */
    public long started() {
        return started.get();
    }

    boolean shuttingDown() {
        return shuttingDown;
    }

    /** Asks every stream to stop and waits up to {@code timeoutMillis} for them to finish. */
    public void shutDown(long timeoutMillis) throws InterruptedException {
        shuttingDown = true;
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        synchronized (this) {
            while (active.get() > 0) {
                long remaining = (deadline - System.nanoTime()) / 1_000_000L;
                if (remaining <= 0) {
                    return;
                }
                wait(remaining);
            }
        }
    }
}
