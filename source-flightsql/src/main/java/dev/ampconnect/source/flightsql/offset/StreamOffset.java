package dev.ampconnect.source.flightsql.offset;

import dev.ampconnect.common.protocol.ResumeCursor;
import dev.ampconnect.common.protocol.WatermarkHistory;

/**
 * Where a stream resumes: the cursor of its last watermark (or reorg recovery point), the recent
 * watermarks for reorg recovery, and in batch mode whether the query ran to its end.
 *
 * @param cursor       resume after this (the exact {@code amp-resume} value)
 * @param historyValue the stored history in its offset form ({@code null}: none), read with the configured depth
 * @param complete     batch mode: the query ran to its end, nothing is left to do
 */
public record StreamOffset(ResumeCursor cursor, Object historyValue, boolean complete) {

    /** The history, re-sized to {@code maxDepthBlocks}. */
    public WatermarkHistory history(long maxDepthBlocks) {
        return WatermarkHistory.fromOffsetValue(historyValue, maxDepthBlocks);
    }
}
