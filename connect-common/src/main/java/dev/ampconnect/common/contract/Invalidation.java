package dev.ampconnect.common.contract;

import dev.ampconnect.common.range.BlockRange;
import java.util.Objects;

/**
 * The value of an invalidation record: blocks {@code startBlock ..= endBlock} of {@code network} in
 * {@code stream} are gone. Sinks delete every registered batch whose end is {@code >= startBlock}.
 *
 * @param stream     the stream's name
 * @param network    the network the blocks belong to
 * @param startBlock first invalidated block, inclusive
 * @param endBlock   last invalidated block, inclusive; {@link #OPEN_END} for a rewind
 * @param reason     reorg or rewind
 */
public record Invalidation(String stream, String network, long startBlock, long endBlock, InvalidationReason reason) {

    /** {@code endBlock} of an open-ended (rewind) invalidation. */
    public static final long OPEN_END = Long.MAX_VALUE;

    public Invalidation {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(reason, "reason");
        if (startBlock < 0 || endBlock < startBlock) {
            throw new ContractException("invalid invalidation range " + startBlock + ".." + endBlock
                    + " for stream " + stream + " network " + network);
        }
    }

    /** An open-ended rewind from {@code fromBlock}. */
    public static Invalidation rewind(String stream, String network, long fromBlock) {
        return new Invalidation(stream, network, fromBlock, OPEN_END, InvalidationReason.REWIND);
    }

    /** A reorg of {@code startBlock ..= endBlock}. */
    public static Invalidation reorg(String stream, String network, long startBlock, long endBlock) {
        return new Invalidation(stream, network, startBlock, endBlock, InvalidationReason.REORG);
    }

    /** Whether the batch covering {@code range} must be deleted (whole batches with {@code end >= startBlock}). */
    public boolean deletes(BlockRange range) {
        return range.network().equals(network) && range.end() >= startBlock;
    }

    /** Whether the range is open-ended. */
    public boolean isOpenEnded() {
        return endBlock == OPEN_END;
    }
}
