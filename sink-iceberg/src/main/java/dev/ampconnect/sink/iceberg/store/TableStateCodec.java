package dev.ampconnect.sink.iceberg.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ampconnect.common.sink.store.TableState;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The table state as a table property, readable JSON:
 * {@code {"stream":"blocks","source":"t-0","session":"s2","retired":["s1"],"last_sequence":42,"pruned_through":{"eth":100}}}.
 */
final class TableStateCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TableStateCodec() {
    }

    static String encode(TableState state) {
        ObjectNode node = JSON.createObjectNode();
        node.put("stream", state.stream());
        node.put("source", state.source());
        node.put("session", state.session());
        ArrayNode retired = node.putArray("retired");
        state.retiredSessions().forEach(retired::add);
        node.put("last_sequence", state.lastSequence());
        ObjectNode pruned = node.putObject("pruned_through");
        new TreeMap<>(state.prunedThrough()).forEach(pruned::put);
        return node.toString();
    }

    /** The state of a property value, or {@code null} for an absent one. */
    static TableState decode(String value) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(value);
            List<String> retired = new ArrayList<>();
            node.get("retired").forEach(session -> retired.add(session.asText()));
            Map<String, Long> pruned = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.get("pruned_through").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                pruned.put(entry.getKey(), entry.getValue().asLong());
            }
            return new TableState(text(node.get("stream")), text(node.get("source")), text(node.get("session")), retired,
                    node.get("last_sequence").asLong(), pruned);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("unreadable sink table state '" + value + "': " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
