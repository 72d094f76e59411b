package dev.ampconnect.packaging.cluster;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds or a deadline passes: the only way the harness waits for a process or a
 * connector, never a fixed sleep. A probe that throws counts as "not yet" and its last exception becomes the
 * cause of the timeout, so a failure says what was last seen.
 */
public final class Await {

    private static final Duration POLL = Duration.ofMillis(200);

    private Await() {
    }

    /**
     * Waits until {@code condition} returns true.
     *
     * @param what    what is awaited, for the error message ("worker-1 REST API answering")
     * @throws ConditionTimeoutException when {@code timeout} passes first
     */
    public static void until(String what, Duration timeout, Callable<Boolean> condition) {
        until(what, timeout, condition, () -> null);
    }

    /**
     * Waits until {@code condition} returns true, giving up early once {@code impossibleBecause} returns a
     * reason (e.g. the process being waited for has exited).
     */
    public static void until(String what, Duration timeout, Callable<Boolean> condition,
                             Supplier<String> impossibleBecause) {
        value(what, timeout, () -> Boolean.TRUE.equals(condition.call()) ? Optional.of(true) : Optional.empty(),
                impossibleBecause);
    }

    /** Waits until {@code probe} yields a value and returns it. */
    public static <T> T value(String what, Duration timeout, Callable<Optional<T>> probe) {
        return value(what, timeout, probe, () -> null);
    }

    /** Waits until {@code probe} yields a value and returns it, giving up early as {@link #until} does. */
    public static <T> T value(String what, Duration timeout, Callable<Optional<T>> probe,
                              Supplier<String> impossibleBecause) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastFailure = null;
        while (true) {
            try {
                Optional<T> value = probe.call();
                if (value.isPresent()) {
                    return value.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConditionTimeoutException("interrupted while waiting for " + what, e);
            } catch (Exception e) {
                lastFailure = e;
            }
            String impossible = impossibleBecause.get();
            if (impossible != null) {
                throw new ConditionTimeoutException("gave up waiting for " + what + ": " + impossible, lastFailure);
            }
            if (System.nanoTime() > deadline) {
                throw new ConditionTimeoutException("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + (lastFailure == null ? "" : "; last failure: " + lastFailure), lastFailure);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConditionTimeoutException("interrupted while waiting for " + what, e);
            }
        }
    }
}
