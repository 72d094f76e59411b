package dev.ampconnect.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a minimal correct client ends up storing: rows per block, applying the protocol's reorg rule
 * (docs/AMP_PROTOCOL.md): a message whose range differs from the previous one and starts at or before its end
 * invalidates blocks {@code incoming.start ..= max(incoming.end, prev.end)}; everything else is kept.
 */
final class ReorgApplyingStore {

    private final TreeMap<Long, List<Map<String, Object>>> rowsByBlock = new TreeMap<>();
    private WireMetadata.WireRange previous;
    private int backwardsJumps;

    void apply(List<ReceivedBatch> messages) {
        for (ReceivedBatch message : messages) {
            apply(message);
        }
    }

    void apply(ReceivedBatch message) {
        WireMetadata.WireRange incoming = message.range();
        if (previous != null && !incoming.equals(previous) && incoming.start() <= previous.end()) {
            rowsByBlock.subMap(incoming.start(), true, Math.max(incoming.end(), previous.end()), true).clear();
            backwardsJumps++;
        }
        for (Map<String, Object> row : message.rows()) {
            long block = ((Number) row.get("block_num")).longValue();
            rowsByBlock.computeIfAbsent(block, b -> new ArrayList<>()).add(row);
        }
        previous = incoming;
    }

    /** Every stored row in block order. */
    List<Map<String, Object>> rows() {
        return rowsByBlock.values().stream().flatMap(List::stream).toList();
    }

    int backwardsJumps() {
        return backwardsJumps;
    }
}
