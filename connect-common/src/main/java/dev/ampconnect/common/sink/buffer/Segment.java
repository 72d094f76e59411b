package dev.ampconnect.common.sink.buffer;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Consecutive buffered records of one table that share a format, a value schema and amp-ness, so they
 * become one {@link ColumnarBatch}. A schema change starts a new segment (and add-column evolution in
 * the store).
 */
public final class Segment {

    private final RecordFormat format;
    private final boolean amp;
    private final Object schema;
    private final List<BufferedRecord> records = new ArrayList<>();

    /**
     * @param format the record format
     * @param amp    whether the records are amp data rows
     * @param schema the Connect value schema (rows) or the Arrow schema (arrow) shared by the records
     */
    public Segment(RecordFormat format, boolean amp, Object schema) {
        this.format = format;
        this.amp = amp;
        this.schema = Objects.requireNonNull(schema, "schema");
    }

    /** Whether a record of this shape belongs here. */
    public boolean accepts(RecordFormat otherFormat, boolean otherAmp, Object otherSchema) {
        return format == otherFormat && amp == otherAmp && (schema == otherSchema || schema.equals(otherSchema));
    }

    public RecordFormat format() {
        return format;
    }

    public boolean isAmp() {
        return amp;
    }

    /** The Connect schema (rows) or Arrow schema (arrow) of the records. */
    public Object schema() {
        return schema;
    }

    /** The records, in order (mutable: the buffer adds and removes). */
    public List<BufferedRecord> records() {
        return records;
    }
}
