package dev.ampconnect.sink.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ampconnect.common.contract.RangesJson;
import dev.ampconnect.common.range.BlockRange;
import dev.ampconnect.common.sink.store.RegisteredBatch;
import dev.ampconnect.common.sink.store.TableState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON and hash-field encodings of the registry (README "Registry layout"): registry entries, table
 * state, progress entries, and the batch list of a stream's retraction entry.
 */
final class RegistryCodec {

    static final String STREAM = "stream";
    static final String SOURCE = "source";
    static final String SESSION = "session";
    static final String RETIRED_SESSIONS = "retired_sessions";
    static final String LAST_SEQUENCE = "last_sequence";
    static final String PRUNED_THROUGH = "pruned_through";

    private static final ObjectMapper JSON = new ObjectMapper();

    private RegistryCodec() {
    }

    /** A registry entry as stored in {@code batches:<table>}. */
    static String batch(RegisteredBatch batch) {
        ObjectNode node = JSON.createObjectNode();
        node.put("stream", batch.stream());
        node.put("batch_id", batch.batchId());
        node.put("sequence", batch.sequence());
        node.set("ranges", tree(RangesJson.write(batch.ranges())));
        node.put("rows", batch.rows());
        node.put("complete", batch.complete());
        node.put("session", batch.session());
        return node.toString();
    }

    /** Parses what {@link #batch} wrote. */
    static RegisteredBatch batch(String json) {
        JsonNode node = tree(json);
        return new RegisteredBatch(node.get("stream").asText(), node.get("batch_id").asText(), node.get("sequence").asLong(),
                RangesJson.parse(node.get("ranges").toString()), node.get("rows").asLong(), node.get("complete").asBoolean(),
                node.get("session").asText());
    }

    /** The hash fields of a table state (null fields left out: they never go back to null). */
    static Map<String, String> state(TableState state) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (state.stream() != null) {
            fields.put(STREAM, state.stream());
        }
        if (state.source() != null) {
            fields.put(SOURCE, state.source());
        }
        if (state.session() != null) {
            fields.put(SESSION, state.session());
        }
        fields.put(RETIRED_SESSIONS, write(state.retiredSessions()));
        fields.put(LAST_SEQUENCE, Long.toString(state.lastSequence()));
        fields.put(PRUNED_THROUGH, write(state.prunedThrough()));
        return fields;
    }

    /** Parses what {@link #state(TableState)} wrote. */
    static TableState state(Map<String, String> fields) {
        try {
            List<String> retired = JSON.readValue(fields.getOrDefault(RETIRED_SESSIONS, "[]"), new TypeReference<List<String>>() { });
            Map<String, Long> pruned = JSON.readValue(fields.getOrDefault(PRUNED_THROUGH, "{}"),
                    new TypeReference<Map<String, Long>>() { });
            return new TableState(fields.get(STREAM), fields.get(SOURCE), fields.get(SESSION), retired,
                    Long.parseLong(fields.getOrDefault(LAST_SEQUENCE, "0")), pruned);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("malformed table state " + fields + ": " + e.getOriginalMessage(), e);
        }
    }

    /** A progress entry: the last complete block of a network, with its hash, sequence and batch id. */
    static String progress(RegisteredBatch batch, BlockRange range) {
        ObjectNode node = JSON.createObjectNode();
        node.put("last_complete_block", range.end());
        node.put("last_complete_hash", range.hash());
        node.put("sequence", batch.sequence());
        node.put("batch_id", batch.batchId());
        return node.toString();
    }

    /** The {@code _amp_batches} field of a stream retraction entry: which batches were undone. */
    static String retracted(List<RegisteredBatch> batches) {
        ArrayNode array = JSON.createArrayNode();
        for (RegisteredBatch batch : batches) {
            ObjectNode node = array.addObject();
            node.put("batch_id", batch.batchId());
            node.put("sequence", batch.sequence());
            node.set("ranges", tree(RangesJson.write(batch.ranges())));
        }
        return array.toString();
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("malformed registry JSON " + json + ": " + e.getOriginalMessage(), e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value instanceof List<?> list ? new ArrayList<>(list) : value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
