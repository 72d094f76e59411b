package dev.ampconnect.common.sink.store;

import dev.ampconnect.common.range.BlockRange;
import java.util.List;
import java.util.Objects;

/**
 * One microbatch in a table's batch registry. A backend stores one registry entry per range, keyed by
 * (connector, table, stream, network, batch id); {@link #ranges()} keeps the server's order, which the
 * batch id depends on.
 *
 * @param stream   the stream that wrote it
 * @param batchId  its batch id ({@code _amp_batch_id} of its rows)
 * @param sequence per-table monotonic number, never reused; rows carry it so deletes are cheap
 * @param ranges   its block ranges, one per network
 * @param rows     rows stored for it so far
 * @param complete whether its watermark was stored
 * @param session  the source session that wrote it
 */
public record RegisteredBatch(String stream, String batchId, long sequence, List<BlockRange> ranges, long rows,
                              boolean complete, String session) {

    public RegisteredBatch {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(session, "session");
        ranges = List.copyOf(ranges);
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("registered batch " + batchId + " without ranges");
        }
    }

    /** The range of {@code network}, or {@code null} when the batch does not cover it. */
    public BlockRange rangeOn(String network) {
        for (BlockRange range : ranges) {
            if (range.network().equals(network)) {
                return range;
            }
        }
        return null;
    }

    /** A copy with another row count and completeness. */
    public RegisteredBatch with(long newRows, boolean newComplete) {
        return new RegisteredBatch(stream, batchId, sequence, ranges, newRows, newComplete, session);
    }
}
