package dev.ampconnect.source.flightsql.offset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.protocol.ResumeCursor;
import dev.ampconnect.common.protocol.WatermarkHistory;
import dev.ampconnect.common.range.BlockRange;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

class StreamOffsetsTest {

    private static final String H1 = "0x" + "1".repeat(64);
    private static final String H2 = "0x" + "2".repeat(64);

    @Test
    void anOffsetHoldsTheExactResumeHeaderAndTheHistoryAsPrimitiveValues() {
        WatermarkHistory history = new WatermarkHistory(100);
        history.add(List.of(new BlockRange("eth", 0, 9, H1, null)));
        history.add(List.of(new BlockRange("eth", 10, 19, H2, H1)));
        ResumeCursor cursor = ResumeCursor.of("eth", 19, H2);

        Map<String, Object> offset = StreamOffsets.encode(cursor, history, false);

        assertEquals(1, offset.get("v"));
        assertEquals("{\"eth\":{\"number\":19,\"hash\":\"" + H2 + "\"}}", offset.get("cursor"));
        assertTrue(offset.get("history") instanceof String, "Connect offsets may only hold primitive values");
        assertFalse(offset.containsKey("complete"));
        StreamOffset decoded = StreamOffsets.decode("s", offset);
        assertEquals(cursor, decoded.cursor());
        assertEquals(history.entries(), decoded.history(100).entries());
    }

    @Test
    void anOperatorCursorAloneIsEnough() {
        StreamOffset offset = StreamOffsets.decode("s", Map.of("cursor", "{\"eth\":{\"number\":5,\"hash\":\"" + H1 + "\"}}"));
        assertEquals(ResumeCursor.of("eth", 5, H1), offset.cursor());
        assertTrue(offset.history(10).isEmpty());
    }

    @Test
    void malformedOrInconsistentOffsetsAreRejectedNamingTheStream() {
        ConnectException malformed = assertThrows(ConnectException.class,
                () -> StreamOffsets.decode("blocks", Map.of("cursor", "{\"eth\":{\"number\":5}}")));
        assertTrue(malformed.getMessage().contains("stream blocks"), malformed.getMessage());
        assertThrows(ConnectException.class, () -> StreamOffsets.decode("blocks", Map.of("v", 2,
                "cursor", "{\"eth\":{\"number\":5,\"hash\":\"" + H1 + "\"}}")));
        assertThrows(ConnectException.class, () -> StreamOffsets.decode("blocks", Map.of("position", 5)));

        WatermarkHistory history = new WatermarkHistory(100);
        history.add(List.of(new BlockRange("eth", 0, 9, H1, null)));
        Map<String, Object> stored = StreamOffsets.encode(ResumeCursor.of("eth", 9, H1), history, false);
        stored.put("cursor", "{\"eth\":{\"number\":5,\"hash\":\"" + H2 + "\"}}");
        assertThrows(ConnectException.class, () -> StreamOffsets.decode("blocks", stored),
                "a cursor that is none of the history's watermarks");
    }
}
