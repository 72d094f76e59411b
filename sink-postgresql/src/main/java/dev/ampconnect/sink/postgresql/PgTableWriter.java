package dev.ampconnect.sink.postgresql;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.store.RegisteredBatch;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** How rows of one write mode are written and undone, inside the unit's transaction. */
interface PgTableWriter {

    /** Writes a batch (creating or evolving the table first). */
    void write(Connection connection, String table, ColumnarBatch batch) throws SQLException;

    /** Undoes stored batches, given highest sequence first. */
    void undo(Connection connection, String table, List<RegisteredBatch> batches) throws SQLException;

    /** Batches left the reorg window: drop whatever was kept to undo them. */
    void forget(Connection connection, String table, List<RegisteredBatch> batches) throws SQLException;

    /** Empties the table (and what was kept to undo its batches). */
    void truncate(Connection connection, String table) throws SQLException;
}
