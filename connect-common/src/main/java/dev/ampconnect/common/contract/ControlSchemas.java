package dev.ampconnect.common.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ampconnect.common.range.BlockRange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * Schemas and codecs of the control records: {@code amp.Invalidation} and {@code amp.Watermark} as
 * Connect Structs ({@code rows} format) and as the JSON encoding of the same Structs ({@code arrow}
 * format). Schemaless maps (JsonConverter with {@code schemas.enable=false}) are read too.
 */
public final class ControlSchemas {

    /** Version of the control schemas (the Connect schema version). */
    public static final int SCHEMA_VERSION = 1;

    /** A block range inside a watermark. */
    public static final Schema BLOCK_RANGE = SchemaBuilder.struct()
            .name("amp.BlockRange").version(SCHEMA_VERSION)
            .field("network", Schema.STRING_SCHEMA)
            .field("start", Schema.INT64_SCHEMA)
            .field("end", Schema.INT64_SCHEMA)
            .field("hash", Schema.OPTIONAL_STRING_SCHEMA)
            .field("prev_hash", Schema.OPTIONAL_STRING_SCHEMA)
            .field("timestamp", Schema.OPTIONAL_INT64_SCHEMA)
            .build();

    /** {@code amp.Invalidation {stream, network, start_block, end_block, reason}}, inclusive. */
    public static final Schema INVALIDATION = SchemaBuilder.struct()
            .name("amp.Invalidation").version(SCHEMA_VERSION)
            .doc("Blocks start_block..=end_block of network are invalid; end_block = Long.MAX_VALUE for a rewind")
            .field("stream", Schema.STRING_SCHEMA)
            .field("network", Schema.STRING_SCHEMA)
            .field("start_block", Schema.INT64_SCHEMA)
            .field("end_block", Schema.INT64_SCHEMA)
            .field("reason", Schema.STRING_SCHEMA)
            .build();

    /** {@code amp.Watermark {stream, batch_id, ranges, rows}}. */
    public static final Schema WATERMARK = SchemaBuilder.struct()
            .name("amp.Watermark").version(SCHEMA_VERSION)
            .doc("Microbatch batch_id covering ranges is complete after rows data rows")
            .field("stream", Schema.STRING_SCHEMA)
            .field("batch_id", Schema.STRING_SCHEMA)
            .field("ranges", SchemaBuilder.array(BLOCK_RANGE).build())
            .field("rows", Schema.INT64_SCHEMA)
            .build();

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ControlSchemas() {
    }

    /** The Struct value of an invalidation record. */
    public static Struct toStruct(Invalidation invalidation) {
        return new Struct(INVALIDATION)
                .put("stream", invalidation.stream())
                .put("network", invalidation.network())
                .put("start_block", invalidation.startBlock())
                .put("end_block", invalidation.endBlock())
                .put("reason", invalidation.reason().wire());
    }

    /** The Struct value of a watermark record. */
    public static Struct toStruct(Watermark watermark) {
        List<Struct> ranges = new ArrayList<>(watermark.ranges().size());
        for (BlockRange range : watermark.ranges()) {
            ranges.add(new Struct(BLOCK_RANGE)
                    .put("network", range.network())
                    .put("start", range.start())
                    .put("end", range.end())
                    .put("hash", range.hash())
                    .put("prev_hash", range.prevHash())
                    .put("timestamp", range.timestamp()));
        }
        return new Struct(WATERMARK)
                .put("stream", watermark.stream())
                .put("batch_id", watermark.batchId())
                .put("ranges", ranges)
                .put("rows", watermark.rows());
    }

    /** The JSON bytes of an invalidation ({@code arrow} format). */
    public static byte[] toJson(Invalidation invalidation) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("stream", invalidation.stream());
        node.put("network", invalidation.network());
        node.put("start_block", invalidation.startBlock());
        node.put("end_block", invalidation.endBlock());
        node.put("reason", invalidation.reason().wire());
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The JSON bytes of a watermark ({@code arrow} format). */
    public static byte[] toJson(Watermark watermark) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("stream", watermark.stream());
        node.put("batch_id", watermark.batchId());
        node.set("ranges", MAPPER.valueToTree(watermark.ranges().stream().map(RangesJson::toMap).toList()));
        node.put("rows", watermark.rows());
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads an invalidation value: Struct, JSON bytes/text, or a schemaless map. */
    public static Invalidation invalidation(Object value) {
        JsonNode node = asJson(value, "invalidation");
        return new Invalidation(
                text(node, "stream", "invalidation"),
                text(node, "network", "invalidation"),
                number(node, "start_block", "invalidation"),
                number(node, "end_block", "invalidation"),
                InvalidationReason.fromWire(text(node, "reason", "invalidation")));
    }

    /** Reads a watermark value: Struct, JSON bytes/text, or a schemaless map. */
    public static Watermark watermark(Object value) {
        JsonNode node = asJson(value, "watermark");
        JsonNode ranges = node.get("ranges");
        if (ranges == null || !ranges.isArray()) {
            throw new ContractException("watermark value without 'ranges' array: " + node);
        }
        return new Watermark(
                text(node, "stream", "watermark"),
                text(node, "batch_id", "watermark"),
                RangesJson.parse(ranges.toString()),
                number(node, "rows", "watermark"));
    }

    private static JsonNode asJson(Object value, String what) {
        try {
            if (value instanceof Struct struct) {
                return MAPPER.valueToTree(structToMap(struct));
            }
            if (value instanceof byte[] bytes) {
                return MAPPER.readTree(bytes);
            }
            if (value instanceof String text) {
                return MAPPER.readTree(text);
            }
            if (value instanceof Map<?, ?> map) {
                return MAPPER.valueToTree(map);
            }
        } catch (java.io.IOException e) {
            throw new ContractException(what + " value is not valid JSON", e);
        }
        throw new ContractException(what + " value has unexpected type "
                + (value == null ? "null" : value.getClass().getName()));
    }

    private static Object structToMap(Object value) {
        if (value instanceof Struct struct) {
            Map<String, Object> map = new java.util.LinkedHashMap<>();
            struct.schema().fields().forEach(f -> map.put(f.name(), structToMap(struct.get(f))));
            return map;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ControlSchemas::structToMap).toList();
        }
        return value;
    }

    private static String text(JsonNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new ContractException(what + " value without '" + field + "': " + node);
        }
        return value.asText();
    }

    private static long number(JsonNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong()) {
            throw new ContractException(what + " value without integer '" + field + "': " + node);
        }
        return value.asLong();
    }

    static String describe(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            return String.valueOf(node);
        }
    }
}
