package dev.ampconnect.sink.postgresql;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.store.RegisteredBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Append mode: binary COPY of every row; undoing a batch deletes its rows by {@code _amp_batch_seq} (a BRIN
 * range scan of the table's tail), one statement per run of consecutive sequences.
 */
final class AppendTableWriter implements PgTableWriter {

    private final PgTableCatalog catalog;

    AppendTableWriter(PgTableCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void write(Connection connection, String table, ColumnarBatch batch) throws SQLException {
        PgTable target = catalog.ensure(connection, table, batch);
        PgCopyWriter.copy(connection, catalog.qualified(table), table, target, batch, false);
        if (batch.isAmp()) {
            summarize(connection, table);
        }
    }

    /**
     * Summarizes the page ranges just written into the BRIN index. Unsummarized ranges always match a BRIN
     * scan, so without this an invalidation would scan every page written since autovacuum last summarized
     * (minutes of backfill); with it, a delete reads only the ranges of the batches it removes. The pages
     * were just written, so this re-reads them from shared buffers.
     */
    private void summarize(Connection connection, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT brin_summarize_new_values(to_regclass(?))")) {
            statement.setString(1, PgIdentifiers.qualified(catalog.schema(), PgTableCatalog.sequenceIndex(table)));
            statement.execute();
        }
    }

    @Override
    public void undo(Connection connection, String table, List<RegisteredBatch> batches) throws SQLException {
        PgTable target = catalog.find(connection, table);
        if (target == null || !target.hasSequence()) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + catalog.qualified(table) + " WHERE "
                + PgIdentifiers.quote(PgTable.SEQUENCE_COLUMN) + " BETWEEN ? AND ?")) {
            for (long[] run : runs(batches)) {
                delete.setLong(1, run[0]);
                delete.setLong(2, run[1]);
                delete.addBatch();
            }
            delete.executeBatch();
        }
    }

    @Override
    public void forget(Connection connection, String table, List<RegisteredBatch> batches) {
        // appended rows stay; only the registry entries go (done by the store)
    }

    @Override
    public void truncate(Connection connection, String table) throws SQLException {
        if (catalog.find(connection, table) != null) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("TRUNCATE TABLE " + catalog.qualified(table));
            }
        }
    }

    /** Runs of consecutive sequences, e.g. {7,6,5,2} -> [2,2],[5,7]. */
    static List<long[]> runs(List<RegisteredBatch> batches) {
        long[] sequences = batches.stream().mapToLong(RegisteredBatch::sequence).sorted().distinct().toArray();
        List<long[]> runs = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= sequences.length; i++) {
            if (i == sequences.length || sequences[i] != sequences[i - 1] + 1) {
                runs.add(new long[] {sequences[start], sequences[i - 1]});
                start = i;
            }
        }
        return runs;
    }
}
