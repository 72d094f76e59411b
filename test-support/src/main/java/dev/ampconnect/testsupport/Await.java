package dev.ampconnect.testsupport;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Waits for a condition with a timeout, polling it, instead of sleeping a guessed amount. On timeout
 * it fails with what was awaited and the last state observed, so the failure explains itself.
 */
public final class Await {

    private static final long POLL_MILLIS = 100;

    private Await() {
    }

    /**
     * Polls {@code probe} until it yields a value, then returns it.
     *
     * @param what     the awaited condition, e.g. {@code "connector pg-sink RUNNING with 1 task"}
     * @param timeout  how long to wait in total
     * @param probe    checks once; empty while the condition does not hold yet. An exception from
     *                 the probe counts as "not yet" and is reported if the wait times out.
     * @param lastSeen describes the current state for the timeout message (called once, on timeout)
     * @throws AssertionError on timeout
     */
    public static <T> T value(String what, Duration timeout, Supplier<Optional<T>> probe, Supplier<String> lastSeen) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException lastError = null;
        while (true) {
            try {
                Optional<T> value = probe.get();
                if (value.isPresent()) {
                    return value.get();
                }
                lastError = null;
            } catch (RuntimeException e) {
                lastError = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                AssertionError timedOut = new AssertionError(
                        "timed out after " + timeout + " waiting for " + what + "; last seen: " + lastSeen.get());
                if (lastError != null) {
                    timedOut.initCause(lastError);
                }
                throw timedOut;
            }
            pause();
        }
    }

    /** Polls {@code condition} until it is true; see {@link #value(String, Duration, Supplier, Supplier)}. */
    public static void condition(String what, Duration timeout, Supplier<Boolean> condition, Supplier<String> lastSeen) {
        value(what, timeout, () -> condition.get() ? Optional.of(Boolean.TRUE) : Optional.empty(), lastSeen);
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
