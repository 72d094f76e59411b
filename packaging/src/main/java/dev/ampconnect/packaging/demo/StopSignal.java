package dev.ampconnect.packaging.demo;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and SIGTERM as a request to stop, not as JVM shutdown. Without this the JVM would run its
 * shutdown hooks at once and in parallel, and the harness's last-resort hook kills child processes with SIGKILL;
 * with it the demo's main thread stops connectors, worker, broker, simulator and PostgreSQL in order, gracefully,
 * and only then exits. A second Ctrl-C while stopping is ignored: the orderly stop is bounded by the harness's
 * grace periods.
 */
public final class StopSignal {

    private final CountDownLatch requested = new CountDownLatch(1);
    private volatile String reason = "";

    /** A signal not yet bound to SIGINT/SIGTERM; {@link #request(String)} stops programmatically. */
    public StopSignal() {
    }

    /** Routes SIGINT and SIGTERM of this JVM to {@link #request(String)}. */
    public StopSignal onInterruptAndTerminate() {
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), signal -> request("SIG" + signal.getName()));
        }
        return this;
    }

    /** Asks the demo to stop; the first reason wins. */
    public void request(String why) {
        if (requested.getCount() > 0) {
            reason = why;
            requested.countDown();
        }
    }

    /** Waits up to {@code timeout} for a stop request; true once one was made. */
    public boolean awaitRequest(Duration timeout) throws InterruptedException {
        return requested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether a stop was requested. */
    public boolean isRequested() {
        return requested.getCount() == 0;
    }

    /** Why the demo stopped ({@code SIGINT}, {@code duration 60s reached}, ...). */
    public String reason() {
        return reason;
    }
}
