package dev.ampconnect.common.sink.store;

import java.util.List;
import java.util.Map;

/**
 * What the sink keeps per (connector, table) besides the registry.
 *
 * @param stream          the one stream the table holds, {@code null} while it holds only plain rows
 * @param source          the topic-partition ({@code topic-partition}) the stream arrives on, or {@code null}
 * @param session         the current source session of the stream, or {@code null}
 * @param retiredSessions sessions replaced by a newer one, newest first (bounded); their records are dropped
 * @param lastSequence    the highest batch sequence ever assigned in the table (sequences are never reused)
 * @param prunedThrough   per network, the highest block of a batch pruned from the registry; an
 *                        invalidation at or below it cannot find its rows and fails loudly
 */
public record TableState(String stream, String source, String session, List<String> retiredSessions,
                         long lastSequence, Map<String, Long> prunedThrough) {

    public TableState {
        retiredSessions = List.copyOf(retiredSessions);
        prunedThrough = Map.copyOf(prunedThrough);
    }

    /** The state of a table this connector never wrote. */
    public static TableState empty() {
        return new TableState(null, null, null, List.of(), 0, Map.of());
    }
}
