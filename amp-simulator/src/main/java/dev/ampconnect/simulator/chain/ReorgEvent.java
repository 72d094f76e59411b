package dev.ampconnect.simulator.chain;

/**
 * A reorg that happened: blocks {@code firstReplacedBlock..lastReplacedBlock} were replaced by a new fork
 * (new hashes, new row contents); blocks before {@code firstReplacedBlock} are unchanged.
 *
 * @param firstReplacedBlock the fork point: the first block whose hash changed
 * @param lastReplacedBlock  the head at the time of the reorg
 * @param oldHeadHash        hash of the head before the reorg
 * @param newHeadHash        hash of the head after the reorg
 * @param chainVersion       {@link ChainState#version()} right after the reorg
 */
public record ReorgEvent(long firstReplacedBlock, long lastReplacedBlock, BlockHash oldHeadHash,
                         BlockHash newHeadHash, long chainVersion) {

    /** Number of blocks replaced. */
    public long depth() {
        return lastReplacedBlock - firstReplacedBlock + 1;
    }
}
