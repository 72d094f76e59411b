package dev.ampconnect.source.flightsql.stream;

import dev.ampconnect.common.protocol.ResumeCursor;
import dev.ampconnect.common.protocol.WatermarkHistory;
import dev.ampconnect.source.flightsql.offset.StreamOffsets;
import java.util.Map;
import java.util.Optional;

/**
 * Where a stream stands in Kafka: the cursor and history of the last watermark (or reorg recovery point)
 * emitted, and the source offset every record carries until the next one. Immutable.
 *
 * @param cursor   resume after this; empty before the first watermark (start per config)
 * @param history  the recent watermarks (a private copy)
 * @param offset   the source offset map, {@code null} while there is no cursor
 * @param complete batch mode: the query ran to its end
 */
public record StreamPosition(Optional<ResumeCursor> cursor, WatermarkHistory history, Map<String, Object> offset,
                             boolean complete) {

    /** The position at {@code cursor} with {@code history} (copied). */
    public static StreamPosition at(Optional<ResumeCursor> cursor, WatermarkHistory history, boolean complete) {
        WatermarkHistory copy = history.copy();
        Map<String, Object> offset = cursor.map(c -> StreamOffsets.encode(c, copy, complete)).orElse(null);
        return new StreamPosition(cursor, copy, offset == null ? null : Map.copyOf(offset), complete);
    }

    /** A stream with neither offset nor watermark. */
    public static StreamPosition initial(long maxDepthBlocks) {
        return new StreamPosition(Optional.empty(), new WatermarkHistory(maxDepthBlocks), null, false);
    }
}
