package dev.ampconnect.common.sink.buffer;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Consecutive buffered records of one table that share a format, a value schema and amp-ness, so they
 * become one {@link ColumnarBatch}. A schema change starts a new segment (and add-column evolution in
 * the store).
 *
 * <p>A <em>converting</em> segment ({@code rows} format, built with an allocator) converts each record's Struct into
 * its Arrow rows as the record arrives ({@link #add}) and keeps only the record's origin (topic, partition, offset,
 * timestamp: {@link ColumnarBatch#originOf}): the sink base uses it when nothing needs a record's contents after the
 * conversion (no dead letter queue), so the worker's records die young instead of surviving until their unit is
 * stored (BENCHMARKS.md "End to end"). Record {@code i} of a converting segment is row {@code i}.
 */
public final class Segment implements AutoCloseable {

    /** Rows a converting segment allocates for up front (its vectors grow past it). */
    private static final int INITIAL_ROWS = 4096;

    private final RecordFormat format;
    private final boolean amp;
    private final Object schema;
    private final List<BufferedRecord> records = new ArrayList<>();
    /** Converting segments: the rows converted so far; null otherwise (or once handed over). */
    private ConvertedRows rows;
    private final boolean converting;

    /**
     * @param format the record format
     * @param amp    whether the records are amp data rows
     * @param schema the Connect value schema (rows) or the Arrow schema (arrow) shared by the records
     */
    public Segment(RecordFormat format, boolean amp, Object schema) {
        this(format, amp, schema, null);
    }

    /**
     * @param convertInto for a {@code rows}-format segment, the allocator to convert records into as they are added
     *                    (a converting segment); null to keep the records and convert them when the batch is built
     */
    public Segment(RecordFormat format, boolean amp, Object schema, BufferAllocator convertInto) {
        this.format = format;
        this.amp = amp;
        this.schema = Objects.requireNonNull(schema, "schema");
        this.converting = convertInto != null && format == RecordFormat.ROWS;
        this.rows = converting ? new ConvertedRows((Schema) schema, amp, convertInto, INITIAL_ROWS) : null;
    }

    private Segment(Segment shape, ConvertedRows rows) {
        this.format = shape.format;
        this.amp = shape.amp;
        this.schema = shape.schema;
        this.converting = shape.converting;
        this.rows = rows;
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

    /** Whether this segment converts its records as they are added (and keeps only their origins). */
    public boolean converting() {
        return converting;
    }

    /**
     * Appends a record; a converting segment converts it now and keeps its origin only.
     *
     * @throws org.apache.kafka.connect.errors.DataException when a converting segment cannot convert the record (it
     *                                                       is then not added)
     */
    public void add(BufferedRecord record) {
        if (converting) {
            if (rows == null) {
                throw new IllegalStateException("segment emptied or handed over: it takes no more records");
            }
            rows.append((Struct) record.record().value(), record.batchId());
            records.add(record.originOnly());
        } else {
            records.add(record);
        }
    }

    /**
     * The records, in order: mutable for a segment that is not converting (the buffer adds and removes); a converting
     * segment's records are changed only through {@link #add} and {@link #extract}, which keep them one to one with
     * its rows.
     */
    public List<BufferedRecord> records() {
        return records;
    }

    /**
     * Moves the records {@code move} accepts (and, converting, their rows) into a new segment of the same shape, in
     * order; returns null when there are none.
     */
    public Segment extract(Predicate<BufferedRecord> move) {
        boolean[] moving = new boolean[records.size()];
        int count = 0;
        for (int i = 0; i < moving.length; i++) {
            moving[i] = move.test(records.get(i));
            count += moving[i] ? 1 : 0;
        }
        if (count == 0) {
            return null;
        }
        Segment moved;
        if (count == moving.length) {
            moved = new Segment(this, rows);
            moved.records.addAll(records);
            records.clear();
            // an emptied segment is dropped by its buffer: it never takes another record
            rows = null;
            return moved;
        }
        moved = new Segment(this, converting ? rows.copy(row -> moving[row]) : null);
        if (converting) {
            ConvertedRows before = rows;
            try {
                rows = before.copy(row -> !moving[row]);
            } catch (RuntimeException | Error e) {
                moved.close();
                throw e;
            } finally {
                before.close();
            }
        }
        List<BufferedRecord> staying = new ArrayList<>(records.size() - count);
        for (int i = 0; i < moving.length; i++) {
            (moving[i] ? moved.records : staying).add(records.get(i));
        }
        records.clear();
        records.addAll(staying);
        return moved;
    }

    /** About how many bytes a converting segment's rows take in their vectors (0 for other segments). */
    public long convertedBytes() {
        return rows == null ? 0 : rows.bytes();
    }

    /** A converting segment's rows; the caller owns them now (the segment's records stay, as origins). */
    public ConvertedRows handOverRows() {
        if (!converting || rows == null) {
            throw new IllegalStateException("no converted rows to hand over");
        }
        ConvertedRows taken = rows;
        rows = null;
        return taken;
    }

    /** Releases the converted rows, if any. */
    @Override
    public void close() {
        if (rows != null) {
            rows.close();
            rows = null;
        }
    }
}
