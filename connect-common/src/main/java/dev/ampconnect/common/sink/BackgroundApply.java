package dev.ampconnect.common.sink;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * The one thread on which a sink task's store applies a unit of work while the task's own thread keeps
 * buffering and converting the next records ({@code buffer.flush.pipelined}). The store is never used
 * by both threads at once: the sink base settles the unit in flight before any other store call.
 */
final class BackgroundApply implements AutoCloseable {

    private final ExecutorService thread;

    BackgroundApply(String name) {
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread applier = new Thread(runnable, name);
            applier.setDaemon(true);
            return applier;
        });
    }

    Future<?> submit(Runnable apply) {
        return thread.submit(apply);
    }

    /** Waits for {@code applied}; its failure is rethrown as it was thrown on the writer thread. */
    void await(Future<?> applied) {
        try {
            applied.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new ConnectException("the store failed to apply a unit of work: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // the unit may still be written; its offsets were never reported, so a restart is safe
            throw new ConnectException("interrupted while waiting for the store to apply a unit of work", e);
        }
    }

    @Override
    public void close() {
        thread.shutdown();
    }
}
