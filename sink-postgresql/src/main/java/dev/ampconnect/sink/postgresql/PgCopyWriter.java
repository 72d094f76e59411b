package dev.ampconnect.sink.postgresql;

import dev.ampconnect.common.arrow.column.Column;
import dev.ampconnect.common.arrow.column.ResolvedColumns;
import dev.ampconnect.common.sink.batch.BatchSlice;
import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.vector.FieldVector;
import org.apache.kafka.connect.data.Field;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Streams a columnar batch into a table with {@code COPY … FROM STDIN (FORMAT binary)}, writing the binary
 * tuples straight from the Arrow vectors. Amp rows also get their batch's {@code _amp_batch_seq}.
 */
final class PgCopyWriter {

    private static final byte[] SIGNATURE = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final Pattern COPY_LINE = Pattern.compile("line (\\d+)");

    private PgCopyWriter() {
    }

    /**
     * Copies {@code batch} into {@code destination} (a quoted, possibly qualified name) whose columns have the
     * types of {@code columns}.
     *
     * @param table       the target table, for errors
     * @param withOrder   also write each row's index into {@code _amp_ord} (upsert staging)
     * @throws StoreException {@link StoreException.Kind#DATA} with the rejected row or batch
     */
    static void copy(Connection connection, String destination, String table, PgTable columns, ColumnarBatch batch,
                     boolean withOrder) throws SQLException {
        List<String> names = new ArrayList<>();
        List<PgColumnEncoder> encoders = new ArrayList<>();
        ResolvedColumns resolved = ResolvedColumns.of(batch.root().getSchema());
        for (Field field : batch.valueSchema().fields()) {
            FieldVector vector = batch.root().getVector(field.name());
            Column source = resolved.column(field.name());
            PgColumn column = columns.columns().get(field.name());
            PgColumnEncoder encoder = column == null ? null : PgColumnEncoders.of(source, vector, column);
            if (encoder == null) {
                throw StoreException.rejectedBatch(table, batch, "column " + PgIdentifiers.quote(field.name()) + " of table "
                        + table + " is " + (column == null ? "missing" : column.sqlType()) + ", which cannot hold field '"
                        + field.name() + "' (Connect " + field.schema().type()
                        + (field.schema().name() == null ? "" : " " + field.schema().name()) + ", Arrow "
                        + source.kind().label() + "); alter the column or route the records to another table", null);
            }
            names.add(field.name());
            encoders.add(encoder);
        }
        if (batch.isAmp()) {
            names.add(PgTable.SEQUENCE_COLUMN);
            encoders.add(sequenceEncoder(batch));
        }
        if (withOrder) {
            names.add(PgTableCatalog.STAGING_ORDER_COLUMN);
            encoders.add((row, out) -> {
                out.int32(8);
                out.int64(row);
            });
        }
        String sql = "COPY " + destination + " (" + PgIdentifiers.list(names) + ") FROM STDIN (FORMAT binary)";
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        PgBinaryOutput out = new PgBinaryOutput();
        int row = 0;
        try {
            out.bytes(SIGNATURE);
            out.int32(0);
            out.int32(0);
            int rows = batch.rowCount();
            int fields = encoders.size();
            for (row = 0; row < rows; row++) {
                out.int16(fields);
                for (int f = 0; f < fields; f++) {
                    encoders.get(f).encode(row, out);
                }
                out.flushIfFull(copy);
            }
            out.int16(-1);
            out.flush(copy);
            copy.endCopy();
        } catch (PgColumnEncoder.RejectedValue e) {
            cancel(copy);
            throw StoreException.rejectedRow(table, batch, row, "table " + table + ", row of "
                    + recordContext(batch, row) + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            cancel(copy);
            Integer line = copyLine(e);
            if (line != null && PgErrors.kind(e) == StoreException.Kind.DATA && line >= 1 && line <= batch.rowCount()) {
                throw StoreException.rejectedRow(table, batch, line - 1, "table " + table + ", row of "
                        + recordContext(batch, line - 1) + ": " + PgErrors.describe(e), e);
            }
            throw e;
        }
    }

    private static PgColumnEncoder sequenceEncoder(ColumnarBatch batch) {
        List<BatchSlice> slices = batch.slices();
        long[] sequenceOfRow = new long[batch.rowCount()];
        for (BatchSlice slice : slices) {
            java.util.Arrays.fill(sequenceOfRow, slice.firstRow(), slice.endRow(), slice.sequence());
        }
        return (row, out) -> {
            out.int32(8);
            out.int64(sequenceOfRow[row]);
        };
    }

    private static String recordContext(ColumnarBatch batch, int row) {
        var record = batch.recordOf(row);
        return "topic " + record.topic() + " partition " + record.kafkaPartition() + " offset " + record.kafkaOffset();
    }

    /** The 1-based tuple number PostgreSQL names in a COPY error ({@code COPY t, line 3, column x}). */
    private static Integer copyLine(SQLException e) {
        if (!(e instanceof PSQLException psql)) {
            return null;
        }
        ServerErrorMessage message = psql.getServerErrorMessage();
        if (message == null || message.getWhere() == null) {
            return null;
        }
        Matcher matcher = COPY_LINE.matcher(message.getWhere());
        return matcher.find() ? Integer.valueOf(matcher.group(1)) : null;
    }

    private static void cancel(CopyIn copy) {
        try {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException ignored) {
            // the transaction is rolled back anyway
        }
    }
}
