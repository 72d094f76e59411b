package dev.ampconnect.simulator.data;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Appends rows of plain Java values to a {@link VectorSchemaRoot}, tracking the body bytes written so
 * callers can cut pieces by size. Not thread-safe; one per stream.
 */
public final class ArrowRowAppender {

    private final VectorSchemaRoot root;
    private final List<ColumnWriter> writers = new ArrayList<>();
    private int rows;
    private long bytes;

    /** Writes into {@code root}, whose columns are the values' columns in order. */
    public ArrowRowAppender(VectorSchemaRoot root) {
        this.root = root;
        for (FieldVector vector : root.getFieldVectors()) {
            writers.add(ColumnWriter.forVector(vector));
        }
        root.allocateNew();
    }

    /** Appends one row; {@code values} are in the root's column order. */
    public void append(Object[] values) {
        if (values.length != writers.size()) {
            throw new IllegalArgumentException("row has " + values.length + " values, the schema "
                    + writers.size() + " columns");
        }
        for (int c = 0; c < values.length; c++) {
            bytes += writers.get(c).write(rows, values[c]);
        }
        rows++;
    }

    /** Rows appended since the last {@link #reset()}. */
    public int rows() {
        return rows;
    }

    /** Body bytes (values and offsets, without validity bitmaps) appended since the last {@link #reset()}. */
    public long bytes() {
        return bytes;
    }

    /** Sets the root's row count so it can be sent; call {@link #reset()} after sending. */
    public VectorSchemaRoot seal() {
        root.setRowCount(rows);
        return root;
    }

    /** Releases the sent buffers (a sent message keeps its own references) and starts an empty batch. */
    public void reset() {
        root.clear();
        root.allocateNew();
        rows = 0;
        bytes = 0;
    }
}
