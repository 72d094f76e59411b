package dev.ampconnect.simulator.flight;

import dev.ampconnect.simulator.chain.BlockHash;
import dev.ampconnect.simulator.chain.ChainState;
import java.util.Optional;

/**
 * Plans a stream's next microbatch like ampd: it starts after the previous one (or, if that block is no
 * longer canonical, at the fork point found by walking back; at the earliest block for a fresh stream)
 * and ends at {@code min(head, start + maxBlocks - 1)}. Backfill and resumes therefore get up to
 * {@code maxBlocks}-block microbatches, the head 1-2 blocks, and a resumed stream does not repeat earlier
 * boundaries.
 */
final class MicrobatchPlanner {

    /** The earliest block of the synthetic dataset. */
    static final long EARLIEST_BLOCK = 0;

    private final int maxBlocks;

    MicrobatchPlanner(int maxBlocks) {
        if (maxBlocks < 1) {
            throw new IllegalArgumentException("a microbatch holds at least one block, got max " + maxBlocks);
        }
        this.maxBlocks = maxBlocks;
    }

    /**
     * The microbatch after {@code previous} (null for a fresh stream) on {@code state}, or empty while the
     * chain has nothing new.
     */
    Optional<MicrobatchRange> next(ChainState state, BlockCursor previous) {
        long start = previous == null ? EARLIEST_BLOCK : state.nextBlockAfter(previous.number(), previous.hash());
        if (start > state.head()) {
            return Optional.empty();
        }
        long end = Math.min(state.head(), start + (maxBlocks - 1));
        BlockHash prevHash = start == 0 ? BlockHash.ZERO : state.hash(start - 1);
        return Optional.of(new MicrobatchRange(state.network(), start, end, state.hash(end), prevHash,
                state.block(end).timestamp()));
    }
}
