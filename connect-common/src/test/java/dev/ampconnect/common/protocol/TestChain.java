package dev.ampconnect.common.protocol;

import dev.ampconnect.common.range.BlockRange;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A synthetic chain for tests: block {@code b} has the hash {@code 0x<fork id + 1, 32 hex><b, 32 hex>}, where
 * the fork id is that of the newest fork made below {@code b} (0 on the original chain). Block 0's parent
 * is the all-zero hash.
 */
final class TestChain {

    static final String NETWORK = "ethereum-mainnet";

    private final String network;
    /** fork id -> blocks after this number carry it; the newest fork below a block wins. */
    private final TreeMap<Long, Integer> forks;

    private TestChain(String network, TreeMap<Long, Integer> forks) {
        this.network = network;
        this.forks = forks;
    }

    /** The original chain of {@link #NETWORK}. */
    static TestChain main() {
        return of(NETWORK);
    }

    static TestChain of(String network) {
        return new TestChain(network, new TreeMap<>());
    }

    /** This chain with every block after {@code forkPoint} replaced (fork {@code id}). */
    TestChain forkAfter(long forkPoint, int id) {
        TreeMap<Long, Integer> copy = new TreeMap<>(forks.headMap(forkPoint, true));
        copy.put(forkPoint, id);
        return new TestChain(network, copy);
    }

    String hash(long block) {
        if (block < 0) {
            return BlockRange.ZERO_HASH;
        }
        Map.Entry<Long, Integer> fork = forks.lowerEntry(block);
        int id = fork == null ? 0 : fork.getValue();
        return String.format("0x%032x%032x", id + 1, block);   // +1: never the all-zero hash
    }

    BlockRange range(long start, long end) {
        return new BlockRange(network, start, end, hash(end), hash(start - 1));
    }

    List<BlockRange> batch(long start, long end) {
        return List.of(range(start, end));
    }
}
