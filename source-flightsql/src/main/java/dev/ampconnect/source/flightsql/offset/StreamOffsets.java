package dev.ampconnect.source.flightsql.offset;

import dev.ampconnect.common.protocol.AmpProtocolException;
import dev.ampconnect.common.protocol.ResumeCursor;
import dev.ampconnect.common.protocol.StreamValidator;
import dev.ampconnect.common.protocol.WatermarkHistory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * The source offset of a stream (ARCHITECTURE.md "Source semantics"):
 * <pre>{"v":1, "cursor":"{\"ethereum-mainnet\":{\"number\":199,\"hash\":\"0x…\"}}", "history":[…]}</pre>
 * {@code cursor} is the exact {@code amp-resume} header text (the server silently ignores a malformed
 * one, so it is stored verbatim as sent and parsed strictly); {@code history} is
 * {@link WatermarkHistory}'s compact offset form; batch mode adds {@code "complete":true} once its query
 * ran to the end. An operator may PATCH an offset with {@code cursor} alone (text or JSON object).
 */
public final class StreamOffsets {

    /** Offset format version. */
    public static final int VERSION = 1;
    public static final String V = "v";
    public static final String CURSOR = "cursor";
    public static final String HISTORY = "history";
    public static final String COMPLETE = "complete";

    private StreamOffsets() {
    }

    /** The offset map of a cursor and history. */
    public static Map<String, Object> encode(ResumeCursor cursor, WatermarkHistory history, boolean complete) {
        Map<String, Object> offset = new LinkedHashMap<>();
        offset.put(V, VERSION);
        offset.put(CURSOR, cursor.toHeaderValue());
        offset.put(HISTORY, history.toOffsetValue());
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
            Object history = offset.get(HISTORY);
            // well-formed, and consistent with the cursor (the cursor is one of its watermarks, or it is empty)
            StreamValidator.resumeFrom(stream, cursor, WatermarkHistory.fromOffsetValue(history, Long.MAX_VALUE));
            return new StreamOffset(cursor, history, Boolean.TRUE.equals(complete));
        } catch (AmpProtocolException e) {
            throw invalid(stream, offset, e.getMessage(), e);
        }
    }

    private static ConnectException invalid(String stream, Map<String, ?> offset, String problem, Throwable cause) {
        return new ConnectException("invalid source offset for stream " + stream + ": " + problem + ". Expected {\""
                + CURSOR + "\": \"{\\\"<network>\\\":{\\\"number\\\":N,\\\"hash\\\":\\\"0x<64 hex>\\\"}}\"} (resume after "
                + "block N), optionally with \"" + V + "\":" + VERSION + " and \"" + HISTORY + "\"; got " + offset, cause);
    }
}
