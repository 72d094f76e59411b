package dev.ampconnect.packaging.e2e;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.ampconnect.simulator.chain.SyntheticChain;

/**
 * Mines the simulator's chain in the background, one block per interval, until closed: the live chain head the
 * crash tests kill workers under. Not the simulator's {@code blockInterval}, because a test must be able to stop
 * the chain before it compares the stores with it. Reorgs come from the chain's own schedule
 * ({@link SyntheticChain#reorgEvery}) and from the test.
 */
final class ChainMiner implements AutoCloseable {

    private final ScheduledExecutorService executor;
    private final AtomicLong mined = new AtomicLong();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    private ChainMiner(SyntheticChain chain, Duration interval) {
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "chain-miner");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleAtFixedRate(() -> {
            try {
                chain.mine(1);
                mined.incrementAndGet();
            } catch (RuntimeException e) {
                // a scheduled task that throws is silently never run again: keep the reason for close()
                failure.compareAndSet(null, e);
                throw e;
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts mining one block every {@code interval}. */
    static ChainMiner start(SyntheticChain chain, Duration interval) {
        return new ChainMiner(chain, interval);
    }

    /** Blocks mined so far. */
    long mined() {
        return mined.get();
    }

    /**
     * Stops mining; once it returns, the head no longer grows.
     *
     * @throws IllegalStateException when mining had failed (the chain stopped growing early)
     */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the chain miner did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the chain miner", e);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("mining failed after " + mined.get() + " blocks", failure.get());
        }
    }
}
