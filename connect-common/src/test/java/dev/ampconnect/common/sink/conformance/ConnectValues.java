package dev.ampconnect.common.sink.conformance;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/** Makes Connect values comparable with {@code equals}: bytes as hex, structs as maps, dates as millis. */
public final class ConnectValues {

    private ConnectValues() {
    }

    public static Object comparable(Object value) {
        if (value instanceof byte[] bytes) {
            return "0x" + HexFormat.of().formatHex(bytes);
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return comparable(bytes);
        }
        if (value instanceof java.util.Date date) {
            return "date:" + date.getTime();
        }
        if (value instanceof Struct struct) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Field field : struct.schema().fields()) {
                map.put(field.name(), comparable(struct.get(field)));
            }
            return map;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(element -> out.add(comparable(element)));
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new TreeMap<>((a, b) -> String.valueOf(a).compareTo(String.valueOf(b)));
            map.forEach((k, v) -> out.put(comparable(k), comparable(v)));
            return out;
        }
        return value;
    }

    /** A row (column -> value) made comparable, restricted to {@code columns}. */
    public static Map<String, Object> comparableRow(Map<String, Object> row, List<String> columns) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String column : columns) {
            out.put(column, comparable(row.get(column)));
        }
        return out;
    }

    /** A Struct as a comparable row. */
    public static Map<String, Object> comparableRow(Struct struct) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) comparable(struct);
        return map;
    }
}
