package dev.ampconnect.common.protocol;

import dev.ampconnect.common.contract.Invalidation;
import dev.ampconnect.common.protocol.StreamEvent.Reorg;
import dev.ampconnect.common.protocol.StreamEvent.SameBatch;
import dev.ampconnect.common.range.BlockRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * Drives a {@link StreamValidator} the way the source task is meant to (see its class comment), and
 * writes down what the task would do as short lines: {@code rows 3 of 100..199}, {@code watermark 100..199},
 * {@code invalidate 98..100}, {@code offset <cursor>}, {@code reconnect <cursor>}, {@code drop 2 rows}.
 * Offsets are stored the way Connect stores them: through the JsonConverter, as bytes.
 */
final class SourceDriver {

    static final String STREAM = "blocks";

    private final long maxDepthBlocks;
    private final List<String> actions = new ArrayList<>();
    private StreamValidator validator;
    private byte[] storedOffset;
    /** Set after a Reorg that was not accepted: the rest of this connection must be ignored. */
    private boolean awaitingReconnect;

    SourceDriver(long maxDepthBlocks) {
        this.maxDepthBlocks = maxDepthBlocks;
        this.validator = StreamValidator.fromStart(STREAM, maxDepthBlocks);
    }

    /** One FlightData message: its raw app_metadata and how many rows its record batch has. */
    void receive(byte[] appMetadata, int rows) {
        if (awaitingReconnect) {
            return;
        }
        AmpBatchMetadata metadata = AmpBatchMetadata.parse(appMetadata);
        StreamEvent event = validator.validate(metadata.ranges());
        if (event instanceof Reorg reorg) {
            for (Invalidation invalidation : reorg.invalidations()) {
                actions.add("invalidate " + invalidation.startBlock() + ".." + invalidation.endBlock());
            }
            storeOffset();
            if (!reorg.acceptIncoming()) {
                actions.add("reconnect " + reorg.resumeCursor().map(ResumeCursor::toHeaderValue).orElse("from start"));
                awaitingReconnect = true;
                return;
            }
        }
        boolean replay = event instanceof SameBatch same && same.alreadyComplete();
        if (rows > 0) {
            actions.add(replay ? "drop " + rows + " rows" : "rows " + rows + " of " + describe(metadata.ranges()));
        }
        if (metadata.rangesComplete() && validator.markComplete(metadata.ranges())) {
            actions.add("watermark " + describe(metadata.ranges()));
            storeOffset();
        }
    }

    /** The connection was re-established (after a reconnect action). */
    void reconnected() {
        awaitingReconnect = false;
    }

    /** The task restarts: a new validator seeded from the stored offset (or from the start without one). */
    void restart() {
        awaitingReconnect = false;
        if (storedOffset == null) {
            validator = StreamValidator.fromStart(STREAM, maxDepthBlocks);
            actions.add("rewind from 0");
            return;
        }
        Map<?, ?> offset = (Map<?, ?>) converter().toConnectData("offsets", storedOffset).value();
        ResumeCursor cursor = ResumeCursor.fromOffsetValue(offset.get("cursor"));
        WatermarkHistory history = WatermarkHistory.fromOffsetValue(offset.get("history"), maxDepthBlocks);
        validator = StreamValidator.resumeFrom(STREAM, cursor, history);
        actions.add("rewind from " + (cursor.positions().values().iterator().next().number() + 1));
    }

    /** The amp-resume header the task would send now. */
    Optional<ResumeCursor> resumeCursor() {
        return validator.cursor();
    }

    List<String> actions() {
        return actions;
    }

    StreamValidator validator() {
        return validator;
    }

    private void storeOffset() {
        Map<String, Object> offset = new LinkedHashMap<>();
        offset.put("v", WatermarkHistory.OFFSET_FORMAT_VERSION);
        offset.put("cursor", validator.cursor().map(ResumeCursor::toHeaderValue).orElse(null));
        offset.put("history", validator.history().toOffsetValue());
        storedOffset = converter().fromConnectData("offsets", null, offset);
        actions.add("offset " + validator.cursor().map(c -> String.valueOf(c.positions().values().iterator().next()
                .number())).orElse("none"));
    }

    private static String describe(List<BlockRange> ranges) {
        return ranges.get(0).start() + ".." + ranges.get(0).end();
    }

    private static JsonConverter converter() {
        return WatermarkHistoryTest.jsonConverter();
    }

    /** The app_metadata bytes of a message, in the server's layout. */
    static byte[] metadata(List<BlockRange> ranges, boolean rangesComplete) {
        return new AmpBatchMetadata(ranges, rangesComplete).toBytes();
    }
}
