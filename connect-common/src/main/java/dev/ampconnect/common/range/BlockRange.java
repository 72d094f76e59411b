package dev.ampconnect.common.range;

import java.util.Objects;

/**
 * An inclusive range of blocks on one network, as the amp server describes a microbatch in its
 * {@code app_metadata}: {@code hash} is the END block's hash, {@code prevHash} the parent of the START
 * block. Hashes are the server's {@code 0x…} strings, kept verbatim because batch ids hash them as text.
 *
 * @param network   network id, e.g. {@code ethereum-mainnet}
 * @param start     first block, inclusive
 * @param end       last block, inclusive
 * @param hash      hash of {@code end}, or {@code null} (non-streaming loads)
 * @param prevHash  parent hash of {@code start}, or {@code null} (allowed only at block 0)
 * @param timestamp unix seconds of the end block, or {@code null} when the server omits it
 */
public record BlockRange(String network, long start, long end, String hash, String prevHash, Long timestamp) {

    /** The all-zero parent hash the server reports for genesis. */
    public static final String ZERO_HASH = "0x" + "0".repeat(64);

    public BlockRange {
        Objects.requireNonNull(network, "network");
        if (network.isEmpty()) {
            throw new IllegalArgumentException("block range without a network");
        }
        if (start < 0 || end < start) {
            throw new IllegalArgumentException(
                    "invalid block range " + start + ".." + end + " on network " + network);
        }
    }

    /** A range without a timestamp. */
    public BlockRange(String network, long start, long end, String hash, String prevHash) {
        this(network, start, end, hash, prevHash, null);
    }

    /** Number of blocks in the range. */
    public long blockCount() {
        return end - start + 1;
    }

    /** Whether {@code block} lies inside this range. */
    public boolean contains(long block) {
        return block >= start && block <= end;
    }

    /** Whether this range and {@code other} describe the same blocks with the same hashes (timestamp ignored). */
    public boolean sameBlocks(BlockRange other) {
        return network.equals(other.network) && start == other.start && end == other.end
                && Objects.equals(hash, other.hash) && Objects.equals(prevHash, other.prevHash);
    }

    /** Whether {@code prevHash} is absent or the all-zero genesis parent. */
    public boolean hasNoParent() {
        return prevHash == null || prevHash.isEmpty() || isZeroHash(prevHash);
    }

    /** This range's batch id (see {@link BatchId}). */
    public String batchId() {
        return BatchId.of(this);
    }

    static boolean isZeroHash(String hash) {
        String hex = hash.startsWith("0x") || hash.startsWith("0X") ? hash.substring(2) : hash;
        return !hex.isEmpty() && hex.chars().allMatch(c -> c == '0');
    }

    @Override
    public String toString() {
        return network + "[" + start + ".." + end + " hash=" + hash + " prev=" + prevHash + "]";
    }
}
