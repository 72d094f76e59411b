package dev.ampconnect.simulator.chain;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Grows a {@link SyntheticChain} by one block every interval, on a daemon thread, until closed. */
public final class BlockProducer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BlockProducer.class);

    private final ScheduledExecutorService timer;

    /** Starts mining one block into {@code chain} every {@code interval}. */
    public BlockProducer(SyntheticChain chain, Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("block interval must be positive, got " + interval);
        }
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "amp-sim-blocks-" + chain.network());
            thread.setDaemon(true);
            return thread;
        });
        long nanos = interval.toNanos();
        timer.scheduleAtFixedRate(() -> {
            try {
                chain.mine(1);
            } catch (RuntimeException e) {
                LOG.error("mining a block on {} failed", chain.network(), e);
            }
        }, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
