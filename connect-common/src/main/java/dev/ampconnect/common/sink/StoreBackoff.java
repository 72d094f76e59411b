package dev.ampconnect.common.sink;

import dev.ampconnect.common.sink.store.StoreException;
import java.time.Clock;
import java.util.Collection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store outage, handled without Connect's redelivery: the task keeps the failed unit, pauses its partitions (so
 * no new records arrive), asks the worker to call {@code put()} again when the backoff ends, and retries itself.
 * One WARN per backoff step, with the attempt, the wait and the cause; only the first failure and the give-up carry
 * a stack trace (a {@code RetriableException} thrown at the worker is logged as an ERROR with a stack trace on every
 * redelivery, which flooded the log during a 30 s database outage).
 */
final class StoreBackoff {

    private static final Logger LOG = LoggerFactory.getLogger(StoreBackoff.class);

    private final RetryBudget budget;
    private final SinkTaskContext context;
    private final Clock clock;
    private final SinkMetrics metrics;
    private boolean paused;

    StoreBackoff(RetryBudget budget, SinkTaskContext context, Clock clock, SinkMetrics metrics) {
        this.budget = budget;
        this.context = context;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Whether a failed unit waits for its retry. */
    boolean active() {
        return budget.failures() > 0;
    }

    /** Whether the backoff is over, so the retry may run now; otherwise asks the worker to come back when it is. */
    boolean due() {
        long remaining = budget.remainingBackoffMs(clock.millis());
        if (remaining > 0) {
            context.timeout(remaining);
            return false;
        }
        return true;
    }

    /**
     * A transient failure of {@code what}: pauses {@code partitions} and starts the next backoff step.
     *
     * @throws ConnectException when this was one failure more than {@code max.retries} (the task fails)
     */
    void failed(StoreException cause, String what, Collection<TopicPartition> partitions) {
        metrics.retried();
        boolean first = budget.failures() == 0;
        if (budget.failed(clock.millis())) {
            throw new ConnectException(what + " failed " + budget.failures() + " times in a row (max.retries="
                    + budget.maxRetries() + "); giving up: " + cause.getMessage(), cause);
        }
        long wait = budget.backoffMs();
        pause(partitions);
        context.timeout(wait);
        String message = "Store unavailable (attempt " + budget.failures() + " of " + budget.maxAttempts() + "): " + what
                + " failed: " + cause.getMessage() + "; partitions paused, next attempt in " + wait + " ms";
        if (first) {
            LOG.warn(message, cause);
        } else {
            LOG.warn(message);
        }
    }

    /** The retry succeeded: the partitions resume. */
    void succeeded(Collection<TopicPartition> partitions) {
        if (budget.failures() > 0) {
            LOG.info("Store writes resumed after {} failed attempt(s)", budget.failures());
        }
        budget.succeeded();
        resume(partitions);
    }

    /** Pauses newly assigned partitions too while a backoff runs. */
    void assigned(Collection<TopicPartition> partitions) {
        if (paused && !partitions.isEmpty()) {
            context.pause(partitions.toArray(TopicPartition[]::new));
        }
    }

    private void pause(Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            context.pause(partitions.toArray(TopicPartition[]::new));
        }
        paused = true;
    }

    private void resume(Collection<TopicPartition> partitions) {
        if (paused && !partitions.isEmpty()) {
            context.resume(partitions.toArray(TopicPartition[]::new));
        }
        paused = false;
    }

    /** The backoff before the next attempt (for the claim loop of {@code open()}). */
    long backoffMs() {
        return budget.backoffMs();
    }

    /**
     * A transient failure outside {@code put()} (claiming partitions in {@code open()}): counted, logged, no pause.
     *
     * @return whether the budget is spent
     */
    boolean failedOutsidePut(StoreException cause, String what) {
        metrics.retried();
        boolean spent = budget.failed(clock.millis());
        if (!spent) {
            LOG.warn("Store unavailable (attempt {} of {}): {} failed: {}; next attempt in {} ms", budget.failures(),
                    budget.maxAttempts(), what, cause.getMessage(), budget.backoffMs());
        }
        return spent;
    }
}
