package dev.ampconnect.common.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ampconnect.common.range.BlockRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code amp.ranges} header value: {@code [{"network","start","end","hash","prev_hash"}]}, plus
 * {@code timestamp} when known. Also reads the already-parsed form the default header converter
 * produces (a list of maps), so a sink configured with it loses nothing.
 */
public final class RangesJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RangesJson() {
    }

    /** Writes ranges as the header's JSON text. */
    public static String write(List<BlockRange> ranges) {
        ArrayNode array = MAPPER.createArrayNode();
        for (BlockRange range : ranges) {
            ObjectNode node = array.addObject();
            node.put("network", range.network());
            node.put("start", range.start());
            node.put("end", range.end());
            node.put("hash", range.hash());
            node.put("prev_hash", range.prevHash());
            if (range.timestamp() != null) {
                node.put("timestamp", range.timestamp());
            }
        }
        try {
            return MAPPER.writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write block ranges as JSON", e);
        }
    }

    /** Parses the JSON text of the header. */
    public static List<BlockRange> parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ContractException("header " + AmpHeaders.RANGES + " is not JSON: " + json, e);
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new ContractException("header " + AmpHeaders.RANGES + " must be a non-empty JSON array: " + json);
        }
        List<BlockRange> ranges = new ArrayList<>(root.size());
        for (JsonNode node : root) {
            ranges.add(new BlockRange(
                    requiredText(node, "network", json),
                    requiredLong(node, "start", json),
                    requiredLong(node, "end", json),
                    optionalText(node, "hash"),
                    optionalText(node, "prev_hash"),
                    node.hasNonNull("timestamp") ? node.get("timestamp").asLong() : null));
        }
        return ranges;
    }

    /**
     * Reads the header value whatever the header converter made of it: JSON text (StringConverter) or a
     * list of maps (the default SimpleHeaderConverter).
     */
    public static List<BlockRange> fromHeaderValue(Object value) {
        if (value instanceof String text) {
            return parse(text);
        }
        if (value instanceof List<?> list) {
            return parse(MAPPER.valueToTree(list).toString());
        }
        if (value instanceof byte[] bytes) {
            return parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        }
        throw new ContractException("header " + AmpHeaders.RANGES + " has unexpected type "
                + (value == null ? "null" : value.getClass().getName()));
    }

    /** Converts parsed maps (e.g. from a schemaless JSON value) into ranges. */
    static List<BlockRange> fromMaps(List<?> maps) {
        return parse(MAPPER.valueToTree(maps).toString());
    }

    static Map<String, Object> toMap(BlockRange range) {
        java.util.LinkedHashMap<String, Object> map = new java.util.LinkedHashMap<>();
        map.put("network", range.network());
        map.put("start", range.start());
        map.put("end", range.end());
        map.put("hash", range.hash());
        map.put("prev_hash", range.prevHash());
        if (range.timestamp() != null) {
            map.put("timestamp", range.timestamp());
        }
        return map;
    }

    private static String requiredText(JsonNode node, String field, String json) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new ContractException("header " + AmpHeaders.RANGES + " range without '" + field + "': " + json);
        }
        return value.asText();
    }

    private static long requiredLong(JsonNode node, String field, String json) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong()) {
            throw new ContractException("header " + AmpHeaders.RANGES + " range without integer '" + field + "': " + json);
        }
        return value.asLong();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
