package dev.ampconnect.simulator.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated chain: a head that grows (on demand or from a {@link BlockProducer}) and reorgs, immediate
 * or scripted. Thread-safe: every change publishes a new immutable {@link ChainState} and wakes the
 * streams waiting in {@link #awaitChange}.
 *
 * <p>A reorg replaces the newest blocks with a new fork of the same height: from the fork point on, block
 * hashes and row contents change; earlier blocks stay as they were.
 */
public final class SyntheticChain {

    private static final Logger LOG = LoggerFactory.getLogger(SyntheticChain.class);

    private final Object monitor = new Object();
    private volatile ChainState state;
    /** head -> depths of the reorgs to apply when the head reaches it; guarded by {@link #monitor}. */
    private final NavigableMap<Long, List<Integer>> scheduledReorgs = new TreeMap<>();
    /** guarded by {@link #monitor} */
    private final List<PeriodicReorg> periodicReorgs = new ArrayList<>();
    /** guarded by {@link #monitor} */
    private final List<ReorgEvent> reorgs = new ArrayList<>();

    private record PeriodicReorg(long everyBlocks, int depth) {
    }

    /** A chain of blocks {@code 0..initialHead} on the genesis fork. */
    public SyntheticChain(ChainSpec spec, long initialHead) {
        this.state = ChainState.genesis(spec, initialHead);
    }

    /** The current snapshot. */
    public ChainState state() {
        return state;
    }

    /** The current head block number. */
    public long head() {
        return state.head();
    }

    /** The network id. */
    public String network() {
        return state.network();
    }

    /** Appends {@code blocks} blocks one at a time, applying scheduled reorgs as the head passes them. */
    public ChainState mine(int blocks) {
        if (blocks < 0) {
            throw new IllegalArgumentException("cannot mine a negative number of blocks: " + blocks);
        }
        synchronized (monitor) {
            for (int i = 0; i < blocks; i++) {
                publish(state.withHead(state.head() + 1));
                applyReorgsDueAt(state.head());
            }
            return state;
        }
    }

    /** Mines until the head is {@code head} (no-op if it already is or is past it). */
    public ChainState mineTo(long head) {
        synchronized (monitor) {
            return mine((int) Math.max(0, head - state.head()));
        }
    }

    /** Replaces the newest {@code depth} blocks with a new fork, now. */
    public ReorgEvent reorg(int depth) {
        synchronized (monitor) {
            if (depth < 1 || depth > state.head()) {
                throw new IllegalArgumentException("reorg depth must be within 1.." + state.head()
                        + " on network " + network() + " (genesis is final), got " + depth);
            }
            return reorgFrom(state.head() - depth + 1);
        }
    }

    /**
     * Replaces blocks {@code firstReplacedBlock..head} with a new fork, now. Use it to reorg into the middle
     * of a microbatch a client already received.
     */
    public ReorgEvent reorgFrom(long firstReplacedBlock) {
        synchronized (monitor) {
            ChainState before = state;
            ChainState after = before.withReorgFrom(firstReplacedBlock);
            ReorgEvent event = new ReorgEvent(firstReplacedBlock, before.head(), before.hash(before.head()),
                    after.hash(after.head()), after.version());
            reorgs.add(event);
            publish(after);
            LOG.info("reorg on {}: blocks {}..{} replaced, head {} -> {}", network(), firstReplacedBlock,
                    before.head(), event.oldHeadHash(), event.newHeadHash());
            return event;
        }
    }

    /** When the head reaches {@code atHead} (by mining), replace the newest {@code depth} blocks. */
    public void scheduleReorg(long atHead, int depth) {
        synchronized (monitor) {
            if (atHead <= state.head()) {
                throw new IllegalArgumentException("a reorg scheduled at head " + atHead
                        + " would never fire: the head of " + network() + " is already " + state.head());
            }
            if (depth < 1 || depth > atHead) {
                throw new IllegalArgumentException("reorg depth must be within 1.." + atHead + ", got " + depth);
            }
            scheduledReorgs.computeIfAbsent(atHead, head -> new ArrayList<>()).add(depth);
        }
    }

    /** Every time the head reaches a multiple of {@code everyBlocks}, replace the newest {@code depth} blocks. */
    public void reorgEvery(long everyBlocks, int depth) {
        if (everyBlocks < 1 || depth < 1) {
            throw new IllegalArgumentException("periodic reorgs need everyBlocks >= 1 and depth >= 1, got "
                    + everyBlocks + " and " + depth);
        }
        synchronized (monitor) {
            periodicReorgs.add(new PeriodicReorg(everyBlocks, depth));
        }
    }

    /** Every reorg so far, oldest first. */
    public List<ReorgEvent> reorgs() {
        synchronized (monitor) {
            return List.copyOf(reorgs);
        }
    }

    /** The canonical block {@code number}. */
    public BlockRef block(long number) {
        return state.block(number);
    }

    /** The canonical blocks {@code 0..head}. */
    public List<BlockRef> canonicalBlocks() {
        ChainState snapshot = state;
        return snapshot.blocks(0, snapshot.head());
    }

    /**
     * Waits until the chain changed after {@code seenVersion} or {@code timeoutMillis} passed.
     *
     * @return the current snapshot (possibly unchanged on timeout)
     */
    public ChainState awaitChange(long seenVersion, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        synchronized (monitor) {
            while (state.version() == seenVersion) {
                long remaining = (deadline - System.nanoTime()) / 1_000_000L;
                if (remaining <= 0) {
                    break;
                }
                monitor.wait(remaining);
            }
            return state;
        }
    }

    /** Wakes every waiter without changing the chain (used on shutdown). */
    public void wakeWaiters() {
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    private void applyReorgsDueAt(long head) {
        List<Integer> depths = new ArrayList<>(scheduledReorgs.getOrDefault(head, List.of()));
        scheduledReorgs.remove(head);
        for (PeriodicReorg periodic : periodicReorgs) {
            if (head % periodic.everyBlocks() == 0 && periodic.depth() <= head) {
                depths.add(periodic.depth());
            }
        }
        for (int depth : depths) {
            reorg(depth);
        }
    }

    private void publish(ChainState next) {
        state = next;
        monitor.notifyAll();
    }
}
