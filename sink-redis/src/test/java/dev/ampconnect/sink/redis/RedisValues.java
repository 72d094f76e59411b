package dev.ampconnect.sink.redis;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * A reader's decoding of what the sink writes (README "Values"), the inverse of {@link ColumnText}: a hash
 * field's text or a JSON row's value back to the Connect Java value of its field's schema.
 */
final class RedisValues {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    private RedisValues() {
    }

    /** A hash field / stream entry (field -> text) as a row of {@code schema} (missing fields are null). */
    static Map<String, Object> fromFields(Map<String, String> fields, Schema schema) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (Field field : schema.fields()) {
            String text = fields.get(field.name());
            row.put(field.name(), text == null ? null : fromText(text, field.schema()));
        }
        return row;
    }

    /** A JSON row (the string structure) as a row of {@code schema}. */
    static Map<String, Object> fromJsonRow(String json, Schema schema) {
        JsonNode node = parse(json);
        Map<String, Object> row = new LinkedHashMap<>();
        for (Field field : schema.fields()) {
            row.put(field.name(), fromJson(node.get(field.name()), field.schema()));
        }
        return row;
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    /** The value of one text (a hash field). */
    static Object fromText(String text, Schema schema) {
        String logical = schema.name() == null ? "" : schema.name();
        switch (logical) {
            case "org.apache.kafka.connect.data.Decimal":
                return new BigDecimal(text);
            case "org.apache.kafka.connect.data.Timestamp":
                return java.util.Date.from(Instant.parse(text));
            case "dev.ampconnect.TimestampNanos":
                return nanos(Instant.parse(text));
            case "org.apache.kafka.connect.data.Date":
                return new java.util.Date(LocalDate.parse(text).toEpochDay() * 86_400_000L);
            case "org.apache.kafka.connect.data.Time":
                return new java.util.Date(LocalTime.parse(text).toNanoOfDay() / 1_000_000L);
            default:
                break;
        }
        switch (schema.type()) {
            case INT8:
                return Byte.parseByte(text);
            case INT16:
                return Short.parseShort(text);
            case INT32:
                return Integer.parseInt(text);
            case INT64:
                return Long.parseLong(text);
            case FLOAT32:
                return Float.parseFloat(text);
            case FLOAT64:
                return Double.parseDouble(text);
            case BOOLEAN:
                return Boolean.parseBoolean(text);
            case STRING:
                return text;
            case BYTES:
                return HexFormat.of().parseHex(text.substring(2));
            default:
                return fromJson(parse(text), schema);
        }
    }

    /** The value of one JSON node (a nested value, or a JSON row's field). */
    static Object fromJson(JsonNode node, Schema schema) {
        if (node == null || node.isNull()) {
            return null;
        }
        switch (schema.type()) {
            case ARRAY: {
                List<Object> list = new ArrayList<>();
                node.forEach(element -> list.add(fromJson(element, schema.valueSchema())));
                return list;
            }
            case MAP: {
                Map<Object, Object> map = new LinkedHashMap<>();
                if (node.isObject()) {
                    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> entry = it.next();
                        map.put(entry.getKey(), fromJson(entry.getValue(), schema.valueSchema()));
                    }
                } else {
                    node.forEach(entry -> map.put(fromJson(entry.get("key"), schema.keySchema()),
                            fromJson(entry.get("value"), schema.valueSchema())));
                }
                return map;
            }
            case STRUCT: {
                Struct struct = new Struct(schema);
                for (Field field : schema.fields()) {
                    struct.put(field, fromJson(node.get(field.name()), field.schema()));
                }
                return struct;
            }
            default:
                return fromText(node.isTextual() ? node.asText() : node.toString(), schema);
        }
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
