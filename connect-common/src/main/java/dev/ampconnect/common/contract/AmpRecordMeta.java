package dev.ampconnect.common.contract;

import dev.ampconnect.common.range.BlockRange;
import java.util.List;

/**
 * What the contract headers of one record say.
 *
 * @param version contract version ({@code amp.v})
 * @param kind    data, invalidation or watermark
 * @param stream  the stream's name
 * @param session the source session that wrote the record
 * @param batchId the microbatch's batch id (data and watermark), else {@code null}
 * @param ranges  the microbatch's ranges (data and watermark), else an empty list
 * @param row     index of the record's first row within its microbatch (data), else {@code null}
 */
public record AmpRecordMeta(int version, RecordKind kind, String stream, String session,
                            String batchId, List<BlockRange> ranges, Long row) {

    public AmpRecordMeta {
        ranges = ranges == null ? List.of() : List.copyOf(ranges);
    }

    /** Whether this is an invalidation or a watermark. */
    public boolean isControl() {
        return kind.isControl();
    }
}
