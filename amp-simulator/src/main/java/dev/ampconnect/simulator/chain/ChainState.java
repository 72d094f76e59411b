package dev.ampconnect.simulator.chain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable snapshot of the synthetic chain: its head, the canonical chain (as segments, each a run of
 * blocks on one fork) and every fork ever created, so blocks that a reorg abandoned can still be found by
 * hash (that is what lets a resumed stream walk back from a stale cursor, as ampd does).
 *
 * <p>A stream plans and generates each microbatch against one snapshot, so a reorg that happens while a
 * microbatch is being sent never mixes two forks inside it.
 */
public final class ChainState {

    private final ChainSpec spec;
    private final long version;
    private final long head;
    /** Every fork ever created, indexed by id. */
    private final List<Fork> forks;
    /** The canonical chain: segment i covers blocks {@code segmentStarts[i]..segmentStarts[i+1]-1} on fork {@code segmentForks[i]}. */
    private final long[] segmentStarts;
    private final int[] segmentForks;

    private ChainState(ChainSpec spec, long version, long head, List<Fork> forks, long[] segmentStarts,
                       int[] segmentForks) {
        this.spec = spec;
        this.version = version;
        this.head = head;
        this.forks = forks;
        this.segmentStarts = segmentStarts;
        this.segmentForks = segmentForks;
    }

    /** A chain of blocks {@code 0..head}, all on the genesis fork. */
    static ChainState genesis(ChainSpec spec, long head) {
        if (head < 0) {
            throw new IllegalArgumentException("the chain head must not be negative: " + head);
        }
        return new ChainState(spec, 0, head, List.of(new Fork(0, 0, -1, Fork.GROWING)),
                new long[] {0}, new int[] {0});
    }

    /** The same chain grown to {@code newHead}. */
    ChainState withHead(long newHead) {
        if (newHead < head) {
            throw new IllegalArgumentException("the chain head only grows: " + head + " -> " + newHead);
        }
        return new ChainState(spec, version + 1, newHead, forks, segmentStarts, segmentForks);
    }

    /** The chain after replacing blocks {@code firstReplaced..head} with a new fork (same head). */
    ChainState withReorgFrom(long firstReplaced) {
        if (firstReplaced < 1 || firstReplaced > head) {
            throw new IllegalArgumentException("a reorg must replace blocks within 1.." + head
                    + " (genesis is final), got first replaced block " + firstReplaced);
        }
        int tip = segmentForks[segmentForks.length - 1];
        List<Fork> newForks = new ArrayList<>(forks);
        newForks.set(tip, forks.get(tip).frozenAt(head));
        int newForkId = newForks.size();
        newForks.add(new Fork(newForkId, firstReplaced, forkAt(firstReplaced - 1), Fork.GROWING));

        int kept = 0;
        while (kept < segmentStarts.length && segmentStarts[kept] < firstReplaced) {
            kept++;
        }
        long[] starts = Arrays.copyOf(segmentStarts, kept + 1);
        int[] forkIds = Arrays.copyOf(segmentForks, kept + 1);
        starts[kept] = firstReplaced;
        forkIds[kept] = newForkId;
        return new ChainState(spec, version + 1, head, List.copyOf(newForks), starts, forkIds);
    }

    /** The chain's fixed parameters. */
    public ChainSpec spec() {
        return spec;
    }

    /** The network id. */
    public String network() {
        return spec.network();
    }

    /** Increases with every change (new block or reorg). */
    public long version() {
        return version;
    }

    /** The newest block number. */
    public long head() {
        return head;
    }

    /** Number of reorgs this chain went through. */
    public int reorgCount() {
        return forks.size() - 1;
    }

    /** The canonical block {@code number}. */
    public BlockRef block(long number) {
        requireCanonicalNumber(number);
        BlockHash parent = number == 0 ? BlockHash.ZERO : hash(number - 1);
        return new BlockRef(number, hash(number), parent, spec.timestamp(number));
    }

    /** The canonical blocks {@code from..to}, inclusive. */
    public List<BlockRef> blocks(long from, long to) {
        requireCanonicalNumber(from);
        requireCanonicalNumber(to);
        List<BlockRef> blocks = new ArrayList<>((int) Math.max(0, to - from + 1));
        BlockHash parent = from == 0 ? BlockHash.ZERO : hash(from - 1);
        for (long number = from; number <= to; number++) {
            BlockHash hash = hash(number);
            blocks.add(new BlockRef(number, hash, parent, spec.timestamp(number)));
            parent = hash;
        }
        return blocks;
    }

    /** The canonical hash of block {@code number}. */
    public BlockHash hash(long number) {
        requireCanonicalNumber(number);
        return spec.hash(forkAt(number), number);
    }

    /** Whether block {@code number} with {@code hash} is on the canonical chain. */
    public boolean isCanonical(long number, BlockHash hash) {
        return number >= 0 && number <= head && hash(number).equals(hash);
    }

    /**
     * The first block a stream sends after having sent block {@code number} with {@code hash} (a resume
     * cursor or the end of the previous microbatch), following ampd:
     * <ul>
     *   <li>the block is canonical: {@code number + 1};</li>
     *   <li>the block is on an abandoned fork: walk back through its ancestors to the newest canonical one
     *       and return the block after it (the fork point), which is {@code <= number};</li>
     *   <li>no such block was ever produced (unknown hash): {@code number} itself, like ampd, whose
     *       walk-back finds nothing and restarts at the cursor's block.</li>
     * </ul>
     */
    public long nextBlockAfter(long number, BlockHash hash) {
        if (isCanonical(number, hash)) {
            return number + 1;
        }
        int forkId = forkHolding(number, hash);
        if (forkId < 0) {
            return number;
        }
        long firstForked = number;
        long block = number;
        int fork = forkId;
        // Genesis is never replaced, so this loop always stops at a canonical ancestor.
        while (block > 0 && !(block <= head && forkAt(block) == fork)) {
            firstForked = block;
            if (block == forks.get(fork).firstBlock()) {
                fork = forks.get(fork).parentId();
            }
            block--;
        }
        return firstForked;
    }

    /** The fork that produced block {@code number} with {@code hash}, or -1 if none ever did. */
    private int forkHolding(long number, BlockHash hash) {
        for (Fork fork : forks) {
            if (number >= fork.firstBlock() && number <= fork.lastBlock(head)
                    && spec.hash(fork.id(), number).equals(hash)) {
                return fork.id();
            }
        }
        return -1;
    }

    /** The fork of canonical block {@code number}. */
    private int forkAt(long number) {
        int index = Arrays.binarySearch(segmentStarts, number);
        if (index < 0) {
            index = -index - 2;
        }
        return segmentForks[index];
    }

    private void requireCanonicalNumber(long number) {
        if (number < 0 || number > head) {
            throw new IllegalArgumentException("block " + number + " is not on network " + spec.network()
                    + " (canonical blocks are 0.." + head + ")");
        }
    }

    @Override
    public String toString() {
        return spec.network() + "@" + head + " (version " + version + ", " + reorgCount() + " reorgs)";
    }
}
