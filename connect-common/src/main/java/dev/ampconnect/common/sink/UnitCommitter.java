package dev.ampconnect.common.sink;

import dev.ampconnect.common.sink.store.StoreException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.concurrent.Future;

/**
 * Writes planned units in order, one at a time: in line on the task's thread, or on the {@link BackgroundApply}
 * writer while the task plans the next ({@code buffer.flush.pipelined}). A unit that fails stays at the head, with
 * its failure, and nothing behind it is written until the task retries it ({@link #drain}) or replaces it (rows
 * sent to the dead letter queue: {@link #replaceFailed}); so a retry writes exactly the unit that failed.
 */
final class UnitCommitter implements AutoCloseable {

    private final UnitApplier applier;
    private final StoredUnits stored;
    /** The background writer, or null when every unit is written in line. */
    private final BackgroundApply background;
    private final Deque<PlannedUnit> queue = new ArrayDeque<>();
    /** The head unit being written in the background, or null. */
    private Future<?> running;
    /** Why the head unit failed, or null. */
    private StoreException failure;

    UnitCommitter(UnitApplier applier, StoredUnits stored, BackgroundApply background) {
        this.applier = applier;
        this.stored = stored;
        this.background = background;
    }

    /** Queues units behind the ones already planned. */
    void submit(Collection<PlannedUnit> units) {
        queue.addAll(units);
    }

    /** Whether a unit waits behind the one being written (or behind a failed one). */
    boolean hasWaiting() {
        return queue.size() > (running != null ? 1 : 0);
    }

    /** Whether every planned unit is stored. */
    boolean isIdle() {
        return queue.isEmpty();
    }

    /** The failure of the head unit, or null. */
    StoreException failure() {
        return failure;
    }

    /** The unit that failed (the head), or null. */
    PlannedUnit failedUnit() {
        return failure == null ? null : queue.peekFirst();
    }

    /** Rows of the units not stored yet. */
    long pendingRows() {
        return queue.stream().mapToLong(PlannedUnit::rows).sum();
    }

    /**
     * Settles a finished background write and starts the next queued unit (in the background, or every queued unit
     * in line), without waiting for a running one.
     *
     * @throws StoreException the head unit failed (it stays queued; see {@link #failure()})
     */
    void advance() {
        if (running != null) {
            if (!running.isDone()) {
                return;
            }
            settleRunning();
        }
        throwIfFailed();
        if (queue.isEmpty()) {
            return;
        }
        if (background != null) {
            PlannedUnit head = queue.peekFirst();
            running = background.submit(() -> applier.apply(head));
        } else {
            applyQueuedInLine();
        }
    }

    /** Waits for the unit being written, if any, and starts the next. */
    void awaitRunning() {
        if (running != null) {
            settleRunning();
        }
        advance();
    }

    /**
     * Writes everything planned before returning: waits for the running unit, then writes the queued ones in line
     * (a failed head is written again first).
     *
     * @throws StoreException a unit failed (it stays queued)
     */
    void drain() {
        if (running != null) {
            settleRunning();
        }
        failure = null;
        applyQueuedInLine();
    }

    /** Replaces the failed head unit by a rebuilt one (rows taken out for the dead letter queue); clears the failure. */
    void replaceFailed(PlannedUnit rebuilt) {
        PlannedUnit failed = queue.pollFirst();
        if (failed != null && failed != rebuilt) {
            failed.close();
        }
        queue.addFirst(rebuilt);
        failure = null;
    }

    /** Abandons every unit not stored yet (the task rewinds to its stored offsets). Waits for a running write. */
    void discard() {
        if (running != null) {
            try {
                background.await(running);
            } catch (RuntimeException e) {
                // abandoned anyway
            }
            running = null;
        }
        queue.forEach(PlannedUnit::close);
        queue.clear();
        failure = null;
    }

    private void applyQueuedInLine() {
        while (!queue.isEmpty()) {
            PlannedUnit head = queue.peekFirst();
            try {
                applier.apply(head);
            } catch (StoreException e) {
                failure = e;
                throw e;
            }
            settled(head);
        }
    }

    private void settleRunning() {
        Future<?> finished = running;
        running = null;
        PlannedUnit head = queue.peekFirst();
        try {
            background.await(finished);
        } catch (StoreException e) {
            failure = e;
            throw e;
        }
        settled(head);
    }

    private void settled(PlannedUnit head) {
        queue.pollFirst();
        try {
            stored.record(head);
        } finally {
            head.close();
        }
    }

    private void throwIfFailed() {
        if (failure != null) {
            throw failure;
        }
    }

    /** Waits for a running write and stops the background writer; queued units are abandoned. */
    @Override
    public void close() {
        try {
            discard();
        } finally {
            if (background != null) {
                background.close();
            }
        }
    }
}
