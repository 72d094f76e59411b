package dev.ampconnect.simulator.chain;

/**
 * One block of the synthetic chain.
 *
 * @param number     block number (genesis is 0)
 * @param hash       the block's hash, derived from (fork, number)
 * @param parentHash the hash of block {@code number - 1}, {@link BlockHash#ZERO} for genesis
 * @param timestamp  unix seconds
 */
public record BlockRef(long number, BlockHash hash, BlockHash parentHash, long timestamp) {

    /** A seed for this block's row contents: it changes whenever a reorg changes the block's hash. */
    public long contentSeed() {
        return hash.seed();
    }
}
