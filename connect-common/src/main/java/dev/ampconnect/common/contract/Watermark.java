package dev.ampconnect.common.contract;

import dev.ampconnect.common.range.BlockRange;
import java.util.List;
import java.util.Objects;

/**
 * The value of a watermark record: microbatch {@code batchId} covering {@code ranges} is complete,
 * after {@code rows} data rows.
 *
 * @param stream  the stream's name
 * @param batchId the microbatch's batch id
 * @param ranges  the microbatch's ranges, one per network
 * @param rows    number of data rows the microbatch carried
 */
public record Watermark(String stream, String batchId, List<BlockRange> ranges, long rows) {

    public Watermark {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(batchId, "batchId");
        ranges = List.copyOf(ranges);
        if (ranges.isEmpty()) {
            throw new ContractException("watermark of stream " + stream + " without ranges");
        }
        if (rows < 0) {
            throw new ContractException("watermark of stream " + stream + " with negative row count " + rows);
        }
    }
}
