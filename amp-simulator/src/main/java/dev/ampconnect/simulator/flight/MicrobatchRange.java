package dev.ampconnect.simulator.flight;

import dev.ampconnect.simulator.chain.BlockHash;

/**
 * The block range of one microbatch, as it appears in {@code app_metadata}.
 *
 * @param network   network id
 * @param start     first block, inclusive
 * @param end       last block, inclusive
 * @param hash      hash of {@code end}
 * @param prevHash  hash of the parent of {@code start} ({@link BlockHash#ZERO} at genesis)
 * @param timestamp unix seconds of {@code end}
 */
public record MicrobatchRange(String network, long start, long end, BlockHash hash, BlockHash prevHash,
                              long timestamp) {

    /** The cursor a stream holds after sending this range. */
    public BlockCursor endCursor() {
        return new BlockCursor(end, hash);
    }

    /** Number of blocks in the range. */
    public long blockCount() {
        return end - start + 1;
    }

    @Override
    public String toString() {
        return network + "[" + start + ".." + end + " hash=" + hash + " prev=" + prevHash + "]";
    }
}
