package dev.ampconnect.sink.clickhouse;

import com.clickhouse.data.ClickHouseFormat;
import dev.ampconnect.common.sink.batch.BatchSlice;
import dev.ampconnect.common.sink.batch.ColumnarBatch;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.kafka.connect.data.Field;

/**
 * A columnar batch as RowBinary rows for the columns of an existing table: one {@link RowBinaryValueWriter} per
 * field, built against the column's actual type (so the check that the table can take the batch is the same
 * code that encodes it), plus {@code _amp_batch_seq} from the batch's slices for amp rows. Rows are encoded
 * into a bounded buffer and streamed, so memory stays flat whatever the batch size.
 */
final class RowBinaryBatch implements EncodedBatch {

    private final ColumnarBatch batch;
    private final List<String> columns;
    private final RowBinaryValueWriter[] writers;
    private final long[] sequences;

    private RowBinaryBatch(ColumnarBatch batch, List<String> columns, RowBinaryValueWriter[] writers, long[] sequences) {
        this.batch = batch;
        this.columns = columns;
        this.writers = writers;
        this.sequences = sequences;
    }

    /**
     * Prepares {@code batch} for {@code table}.
     *
     * @throws IncompatibleColumnException naming the first field the table has no column for, or whose column
     *                                     type cannot hold the field's values exactly
     */
    static RowBinaryBatch of(ChTable table, ColumnarBatch batch) {
        List<String> columns = new ArrayList<>();
        List<RowBinaryValueWriter> writers = new ArrayList<>();
        for (Field field : batch.valueSchema().fields()) {
            FieldVector vector = batch.root().getVector(field.name());
            ChColumn column = table.columns().get(field.name());
            if (column == null) {
                throw new IncompatibleColumnException(field.name(), "table " + table.qualified() + " has no column "
                        + ChIdentifiers.quote(field.name()) + " for field '" + field.name() + "'; add it, or enable"
                        + " add-column evolution");
            }
            RowBinaryValueWriter writer = RowBinaryWriters.of(vector, column.type());
            if (writer == null) {
                throw new IncompatibleColumnException(field.name(), "column " + ChIdentifiers.quote(field.name())
                        + " of table " + table.qualified() + " is " + column.type().sql() + ", which cannot hold field '"
                        + field.name() + "' exactly (Arrow " + vector.getField().getType()
                        + (vector.getField().isNullable() ? ", nullable" : "") + "; a new table would get "
                        + ChTypeMapping.columnType(vector.getField()).sql() + "); alter the column or route the records"
                        + " to another table");
            }
            columns.add(field.name());
            writers.add(writer);
        }
        long[] sequences = null;
        if (batch.isAmp()) {
            ChColumn sequence = table.columns().get(ChTable.SEQUENCE_COLUMN);
            if (sequence == null || !sequence.type().unwrapped().name().equals("UInt64")) {
                throw new IncompatibleColumnException(ChTable.SEQUENCE_COLUMN, "table " + table.qualified() + " needs"
                        + " a column " + ChIdentifiers.quote(ChTable.SEQUENCE_COLUMN) + " UInt64 for amp rows, it has "
                        + (sequence == null ? "none" : sequence.type().sql()));
            }
            sequences = sequencesOfRows(batch);
            columns.add(ChTable.SEQUENCE_COLUMN);
        }
        return new RowBinaryBatch(batch, List.copyOf(columns), writers.toArray(new RowBinaryValueWriter[0]), sequences);
    }

    private static long[] sequencesOfRows(ColumnarBatch batch) {
        long[] sequences = new long[batch.rowCount()];
        for (BatchSlice slice : batch.slices()) {
            java.util.Arrays.fill(sequences, slice.firstRow(), slice.endRow(), slice.sequence());
        }
        return sequences;
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public ClickHouseFormat format() {
        return ClickHouseFormat.RowBinary;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException, RejectedValue {
        ByteSink sink = new ByteSink();
        int rows = batch.rowCount();
        int field = 0;
        int row = 0;
        try {
            for (row = 0; row < rows; row++) {
                for (field = 0; field < writers.length; field++) {
                    writers[field].write(row, sink);
                }
                if (sequences != null) {
                    sink.int64(sequences[row]);
                }
                sink.drainIfFull(out);
            }
            sink.drain(out);
        } catch (RejectedValue e) {
            throw new RejectedValue(row, "column " + columns.get(field) + ": " + e.getMessage());
        }
    }
}
