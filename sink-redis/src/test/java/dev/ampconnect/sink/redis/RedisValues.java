package dev.ampconnect.sink.redis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ampconnect.common.sink.conformance.ArrowJsonDecoder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;

/**
 * A reader's decoding of the rows the sink writes (README "Values"), the inverse of {@link ColumnText}: a
 * hash field's text or a JSON row's value back to the Connect Java value of its field's schema (each value
 * by {@link ArrowJsonDecoder}).
 */
final class RedisValues {

    private RedisValues() {
    }

    /** A hash field / stream entry (field -> text) as a row of {@code schema} (missing fields are null). */
    static Map<String, Object> fromFields(Map<String, String> fields, Schema schema) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (Field field : schema.fields()) {
            String text = fields.get(field.name());
            row.put(field.name(), text == null ? null : ArrowJsonDecoder.fromText(text, field.schema()));
        }
        return row;
    }

    /** A JSON row (the string structure) as a row of {@code schema}. */
    static Map<String, Object> fromJsonRow(String json, Schema schema) {
        JsonNode node = ArrowJsonDecoder.parse(json);
        Map<String, Object> row = new LinkedHashMap<>();
        for (Field field : schema.fields()) {
            row.put(field.name(), ArrowJsonDecoder.fromJson(node.get(field.name()), field.schema()));
        }
        return row;
    }
}
