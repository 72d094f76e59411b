package dev.ampconnect.common.sink.conformance;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ampconnect.common.sink.batch.AmpSchemaNames;
import dev.ampconnect.common.sink.batch.ArrowJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * The inverse of {@link ArrowJson}, for probes that read a store back: a JSON value (a nested value a store
 * keeps as JSON, or a field of a JSON row) or the plain text of one scalar (a hash field, a JSON string
 * holding a 64-bit integer or a decimal) back to the Connect Java value of its field's schema, so that
 * rows read back compare with what was sent ({@link ConnectValues}).
 *
 * <p>Numbers are parsed from their text, never through a double, so every digit survives; a decimal gets
 * its schema's scale back (JSON parsing drops trailing zeros). Binary is {@code "0x…"} hex, timestamps
 * ISO-8601 instants, dates {@code YYYY-MM-DD}, times {@code HH:MM:SS[.fraction]}; a map is a JSON object
 * (string keys) or an array of {@code {"key":…,"value":…}} objects.
 */
public final class ArrowJsonDecoder {

    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    private ArrowJsonDecoder() {
    }

    /** The JSON tree of {@code json}, numbers kept exact. */
    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    /** The value of one JSON node for {@code schema}; a missing node or JSON null is {@code null}. */
    public static Object fromJson(JsonNode node, Schema schema) {
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
                    for (Map.Entry<String, JsonNode> entry : node.properties()) {
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
                // a scalar is a JSON number, literal or string: its text is what fromText reads
                return fromText(node.isTextual() ? node.asText() : node.toString(), schema);
        }
    }

    /** The value of the text of one value for {@code schema} (nested values are JSON text). */
    public static Object fromText(String text, Schema schema) {
        String logical = schema.name() == null ? "" : schema.name();
        switch (logical) {
            case org.apache.kafka.connect.data.Decimal.LOGICAL_NAME:
                return new BigDecimal(text).setScale(Integer.parseInt(
                        schema.parameters().get(org.apache.kafka.connect.data.Decimal.SCALE_FIELD)));
            case org.apache.kafka.connect.data.Timestamp.LOGICAL_NAME:
                return java.util.Date.from(Instant.parse(text));
            case AmpSchemaNames.TIMESTAMP_NANOS:
                return epochNanos(Instant.parse(text));
            case org.apache.kafka.connect.data.Date.LOGICAL_NAME:
                return date(LocalDate.parse(text));
            case org.apache.kafka.connect.data.Time.LOGICAL_NAME:
                return time(LocalTime.parse(text));
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

    /** The Connect {@code TimestampNanos} value (nanoseconds since the epoch) of an instant. */
    public static long epochNanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /** The Connect {@code Date} value (UTC midnight) of a day. */
    public static java.util.Date date(LocalDate day) {
        return new java.util.Date(day.toEpochDay() * MILLIS_PER_DAY);
    }

    /** The Connect {@code Time} value (milliseconds since midnight, on 1970-01-01) of a time of day. */
    public static java.util.Date time(LocalTime time) {
        return new java.util.Date(time.toNanoOfDay() / 1_000_000L);
    }
}
