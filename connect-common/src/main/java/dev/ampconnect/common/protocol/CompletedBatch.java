package dev.ampconnect.common.protocol;

import dev.ampconnect.common.range.BatchId;
import dev.ampconnect.common.range.BlockRange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A microbatch whose {@code ranges_complete} watermark arrived: its ranges, one per network, in the
 * server's order. This is a microbatch boundary, the only kind of place a stream can be resumed from
 * or invalidated from. Timestamps are dropped: a microbatch's identity is (network, start, end, hash,
 * prev_hash), and the history stores nothing else.
 *
 * @param ranges the ranges, without timestamps
 */
public record CompletedBatch(List<BlockRange> ranges) {

    public CompletedBatch {
        if (ranges == null || ranges.isEmpty()) {
            throw new IllegalArgumentException("a completed microbatch needs at least one block range");
        }
        List<BlockRange> stripped = new ArrayList<>(ranges.size());
        Set<String> networks = new HashSet<>();
        for (BlockRange range : ranges) {
            if (!networks.add(range.network())) {
                throw new IllegalArgumentException("network " + range.network() + " appears twice in " + ranges);
            }
            if (!BlockHashes.isValid(range.hash())) {
                throw new IllegalArgumentException("completed range " + range + " has no hash of "
                        + BlockHashes.describeExpected());
            }
            stripped.add(new BlockRange(range.network(), range.start(), range.end(), range.hash(), range.prevHash()));
        }
        ranges = List.copyOf(stripped);
    }

    /** The completed microbatch covering {@code ranges}. */
    public static CompletedBatch of(Collection<BlockRange> ranges) {
        return new CompletedBatch(List.copyOf(ranges));
    }

    /** The networks, in the server's order. */
    public Set<String> networks() {
        Set<String> networks = new LinkedHashSet<>();
        ranges.forEach(range -> networks.add(range.network()));
        return networks;
    }

    /**
     * The range of {@code network}.
     *
     * @throws IllegalArgumentException when the microbatch does not cover the network
     */
    public BlockRange range(String network) {
        for (BlockRange range : ranges) {
            if (range.network().equals(network)) {
                return range;
            }
        }
        throw new IllegalArgumentException("completed microbatch " + ranges + " has no range on network " + network);
    }

    /** The last block of {@code network} in this microbatch. */
    public long end(String network) {
        return range(network).end();
    }

    /** The cursor that resumes right after this microbatch. */
    public ResumeCursor cursor() {
        return ResumeCursor.fromRanges(ranges);
    }

    /** The microbatch's batch id. */
    public String batchId() {
        return BatchId.of(ranges);
    }

    /** Whether {@code other} describes the same microbatch (same networks, blocks and hashes; order and timestamps ignored). */
    public boolean sameBlocks(Collection<BlockRange> other) {
        if (other.size() != ranges.size()) {
            return false;
        }
        for (BlockRange range : other) {
            if (!networks().contains(range.network()) || !range(range.network()).sameBlocks(range)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return ranges.toString();
    }
}
