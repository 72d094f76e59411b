package dev.ampconnect.simulator.data;

import dev.ampconnect.simulator.chain.BlockRef;
import java.math.BigInteger;
import java.time.Instant;

/** Values several tables share for one block, derived once here so that e.g. a log's tx_hash matches its transaction's. */
final class BlockValues {

    private BlockValues() {
    }

    static BigInteger number(BlockRef block) {
        return BigInteger.valueOf(block.number());
    }

    static Instant timestamp(BlockRef block) {
        return Instant.ofEpochSecond(block.timestamp());
    }

    static byte[] txHash(BlockRef block, int txIndex) {
        return DeterministicRandom.forBlock(block.contentSeed(), "tx_hash", txIndex).nextBytes(32);
    }

    /** An unsigned 64-bit value as the exact non-negative integer it stands for. */
    static BigInteger unsigned(long bits) {
        return new BigInteger(Long.toUnsignedString(bits));
    }
}
