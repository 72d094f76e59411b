package dev.ampconnect.common.sink.buffer;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;

/** Approximate in-memory size of a record value, for the buffer's byte threshold. */
public final class RecordSize {

    private static final int FIXED_WIDTH = 8;
    private static final int OFFSET_WIDTH = 4;

    private RecordSize() {
    }

    /** Bytes a value will take in Arrow vectors, roughly. */
    public static long of(Object value) {
        if (value == null) {
            return 1;
        }
        if (value instanceof byte[] bytes) {
            return bytes.length + OFFSET_WIDTH;
        }
        if (value instanceof String text) {
            return text.length() + OFFSET_WIDTH;
        }
        if (value instanceof ByteBuffer buffer) {
            return buffer.remaining() + OFFSET_WIDTH;
        }
        if (value instanceof java.math.BigDecimal) {
            return 16;
        }
        if (value instanceof Struct struct) {
            long size = 0;
            for (org.apache.kafka.connect.data.Field field : struct.schema().fields()) {
                size += of(struct.get(field));
            }
            return size;
        }
        if (value instanceof List<?> list) {
            long size = OFFSET_WIDTH;
            for (Object element : list) {
                size += of(element);
            }
            return size;
        }
        if (value instanceof Map<?, ?> map) {
            long size = OFFSET_WIDTH;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                size += of(entry.getKey()) + of(entry.getValue());
            }
            return size;
        }
        return FIXED_WIDTH;
    }
}
