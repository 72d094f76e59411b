package dev.ampconnect.common.sink.buffer;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/** How a record carries its rows (docs/ARCHITECTURE.md "Record formats"). */
public enum RecordFormat {
    /** One Connect Struct per row (any converter). */
    ROWS,
    /** Arrow IPC stream bytes of a slice of a microbatch ({@code ByteArrayConverter}). */
    ARROW;

    /** The format of a record's value. */
    public static RecordFormat of(SinkRecord record) {
        Object value = record.value();
        if (value instanceof Struct) {
            return ROWS;
        }
        if (value instanceof byte[]) {
            return ARROW;
        }
        throw new DataException("record value must be a Struct (rows format, a converter with schemas) or Arrow IPC bytes"
                + " (arrow format, ByteArrayConverter); got " + (value == null ? "null" : value.getClass().getName())
                + (value instanceof java.util.Map ? " — schemaless values cannot define table columns; enable schemas in the converter" : ""));
    }
}
