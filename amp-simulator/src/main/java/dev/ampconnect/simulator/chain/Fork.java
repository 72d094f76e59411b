package dev.ampconnect.simulator.chain;

/**
 * A branch of the block tree: blocks {@code firstBlock..lastBlock} whose hashes derive from {@code id}.
 * Block {@code firstBlock}'s parent lies on fork {@code parentId}. Every reorg creates one fork.
 *
 * @param id         sequential id; 0 is the genesis fork
 * @param firstBlock first block of this fork
 * @param parentId   fork holding the parent of {@code firstBlock}, or -1 for the genesis fork
 * @param lastBlock  last block ever produced on this fork, or {@link #GROWING} while it is the chain tip
 */
record Fork(int id, long firstBlock, int parentId, long lastBlock) {

    /** Marks the tip fork, whose last block is the chain head. */
    static final long GROWING = -1;

    long lastBlock(long head) {
        return lastBlock == GROWING ? head : lastBlock;
    }

    Fork frozenAt(long head) {
        return new Fork(id, firstBlock, parentId, head);
    }
}
