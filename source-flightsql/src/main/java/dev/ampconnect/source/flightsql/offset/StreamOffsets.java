package dev.ampconnect.source.flightsql.offset;

import dev.ampconnect.common.protocol.AmpProtocolException;
import dev.ampconnect.common.protocol.ResumeCursor;
import dev.ampconnect.common.protocol.StreamValidator;
import dev.ampconnect.common.protocol.WatermarkHistory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * The source offset of a stream (docs/ARCHITECTURE.md "Source semantics"):
 * <pre>{"v":1, "cursor":"{\"ethereum-mainnet\":{\"number\":199,\"hash\":\"0x…\"}}", "history":[…]}</pre>
 * {@code cursor} is the exact {@code amp-resume} header text (the server silently ignores a malformed
 * one, so it is stored verbatim as sent and parsed strictly); {@code history} is the JSON TEXT of
 * {@link WatermarkHistory}'s compact offset form: Connect's offset writer refuses any non-primitive
 * offset value ("Offsets may only contain primitive types as values, but field history contains ARRAY",
 * seen on a real worker), so the list travels as a string. Batch mode adds {@code "complete":true} once
 * its query ran to the end. An operator may PATCH an offset with {@code cursor} alone.
 */
public final class StreamOffsets {

    /** Offset format version. */
    public static final int VERSION = 1;
    public static final String V = "v";
    public static final String CURSOR = "cursor";
    public static final String HISTORY = "history";
    public static final String COMPLETE = "complete";

    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamOffsets() {
    }

    /** The offset map of a cursor and history. */
    public static Map<String, Object> encode(ResumeCursor cursor, WatermarkHistory history, boolean complete) {
        Map<String, Object> offset = new LinkedHashMap<>();
        offset.put(V, VERSION);
        offset.put(CURSOR, cursor.toHeaderValue());
        try {
            offset.put(HISTORY, JSON.writeValueAsString(history.toOffsetValue()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the watermark history as JSON", e);
        }
        if (complete) {
            offset.put(COMPLETE, true);
        }
        return offset;
    }

    /**
     * Reads a stored or operator-supplied offset.
     *
     * @throws ConnectException naming the stream and what is wrong, with the accepted form
     */
    public static StreamOffset decode(String stream, Map<String, ?> offset) {
        Object version = offset.get(V);
        if (version != null && !(version instanceof Number number && number.intValue() == VERSION)) {
            throw invalid(stream, offset, "offset version " + version + " is not supported (expected " + VERSION + ")", null);
        }
        Object cursorValue = offset.get(CURSOR);
        if (cursorValue == null) {
            throw invalid(stream, offset, "'" + CURSOR + "' is required", null);
        }
        for (String key : offset.keySet()) {
            if (!key.equals(V) && !key.equals(CURSOR) && !key.equals(HISTORY) && !key.equals(COMPLETE)) {
                throw invalid(stream, offset, "unknown key '" + key + "'", null);
            }
        }
        Object complete = offset.get(COMPLETE);
        if (complete != null && !(complete instanceof Boolean)) {
            throw invalid(stream, offset, "'" + COMPLETE + "' must be true or false", null);
        }
        try {
            ResumeCursor cursor = ResumeCursor.fromOffsetValue(cursorValue);
            Object history = historyValue(offset.get(HISTORY));
            // well-formed, and consistent with the cursor (the cursor is one of its watermarks, or it is empty)
            StreamValidator.resumeFrom(stream, cursor, WatermarkHistory.fromOffsetValue(history, Long.MAX_VALUE));
            return new StreamOffset(cursor, history, Boolean.TRUE.equals(complete));
        } catch (AmpProtocolException e) {
            throw invalid(stream, offset, e.getMessage(), e);
        }
    }

    /** The history's offset form: the stored JSON text parsed, or a list given as is; {@code null} when absent. */
    private static Object historyValue(Object stored) {
        if (stored instanceof String text) {
            try {
                return text.isBlank() ? null : JSON.readValue(text, List.class);
            } catch (JsonProcessingException e) {
                throw new AmpProtocolException(AmpProtocolException.Violation.MALFORMED_HISTORY,
                        "'" + HISTORY + "' is not a JSON list: " + e.getOriginalMessage(), e);
            }
        }
        return stored;
    }

    private static ConnectException invalid(String stream, Map<String, ?> offset, String problem, Throwable cause) {
        return new ConnectException("invalid source offset for stream " + stream + ": " + problem + ". Expected {\""
                + CURSOR + "\": \"{\\\"<network>\\\":{\\\"number\\\":N,\\\"hash\\\":\\\"0x<64 hex>\\\"}}\"} (resume after "
                + "block N), optionally with \"" + V + "\":" + VERSION + " and \"" + HISTORY + "\"; got " + offset, cause);
    }
}
