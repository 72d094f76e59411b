package dev.ampconnect.common.protocol;

import java.util.Objects;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * The amp stream broke a rule of the protocol (docs/AMP_PROTOCOL.md), or a value the client builds from
 * it (resume cursor, stored history) is malformed. Non-retriable: the task fails with the message,
 * which names the stream, the network, the ranges involved and what the user can do.
 */
public class AmpProtocolException extends ConnectException {

    private static final long serialVersionUID = 1L;

    /** Longest excerpt of a foreign value quoted in a message. */
    static final int MAX_QUOTED_CHARS = 300;

    /** Which rule was broken; lets callers (and tests) tell the failures apart without parsing text. */
    public enum Violation {
        /** {@code app_metadata} is not the expected JSON. */
        MALFORMED_METADATA,
        /** An {@code amp-resume} value is malformed (the server would silently ignore it). */
        MALFORMED_CURSOR,
        /** A stored watermark history is malformed. */
        MALFORMED_HISTORY,
        /** A stored cursor and history contradict each other. */
        INCONSISTENT_OFFSET,
        /** A streaming message without any block range. */
        EMPTY_RANGES,
        /** Two ranges of one message name the same network. */
        DUPLICATE_NETWORK,
        /** A streaming range without a valid end block hash, or with a malformed {@code prev_hash}. */
        INVALID_HASH,
        /** A range starting after block 0 without a (non-zero) {@code prev_hash}. */
        MISSING_PREV_HASH,
        /** A network appeared or disappeared between messages. */
        NETWORK_SET_CHANGED,
        /** Blocks were skipped: {@code incoming.start > prev.end + 1}. */
        FORWARD_GAP,
        /** {@code incoming.start == prev.end + 1} but {@code incoming.prev_hash != prev.hash}. */
        HASH_CHAIN_BREAK,
        /** A new microbatch started before the previous one's {@code ranges_complete} watermark. */
        MISSING_WATERMARK,
        /** A reorg reaches further back than the kept watermark history. */
        REORG_DEEPER_THAN_HISTORY,
        /** The server restarted the stream from the beginning although a resume cursor was sent. */
        RESUME_IGNORED
    }

    private final Violation violation;

    public AmpProtocolException(Violation violation, String message) {
        super(message);
        this.violation = Objects.requireNonNull(violation, "violation");
    }

    public AmpProtocolException(Violation violation, String message, Throwable cause) {
        super(message, cause);
        this.violation = Objects.requireNonNull(violation, "violation");
    }

    /** The rule that was broken. */
    public Violation violation() {
        return violation;
    }

    /** {@code text} for a message, cut to {@value #MAX_QUOTED_CHARS} chars so a huge value cannot flood the log. */
    static String quote(String text) {
        if (text == null) {
            return "null";
        }
        if (text.length() <= MAX_QUOTED_CHARS) {
            return "'" + text + "'";
        }
        return "'" + text.substring(0, MAX_QUOTED_CHARS) + "…' (" + text.length() + " chars)";
    }
}
