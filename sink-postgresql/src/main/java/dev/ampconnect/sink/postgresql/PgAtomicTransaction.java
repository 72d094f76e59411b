package dev.ampconnect.sink.postgresql;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.store.RegisteredBatch;
import dev.ampconnect.common.sink.store.StoreTransaction;
import dev.ampconnect.common.sink.store.TableState;
import dev.ampconnect.common.sink.store.UnitHeader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UNIT and TABLE scopes: every step of a unit (or of one table of it) in ONE PostgreSQL transaction that first
 * row-locks and checks the offsets it will store (fencing and compare), and commits them last.
 */
final class PgAtomicTransaction implements StoreTransaction {

    private static final Logger LOG = LoggerFactory.getLogger(PgAtomicTransaction.class);

    /** Where the transaction's offsets live: per partition (UNIT) or per table and partition (TABLE). */
    interface CommitOffsets {
        /** Locks and checks them; true when the store already holds them. */
        boolean lockAndCheck(Connection connection, UnitHeader header) throws SQLException;

        void write(Connection connection, UnitHeader header) throws SQLException;
    }

    private final PgSession session;
    private final PgStateTables state;
    private final PgTableWriter writer;
    private final PgTableCatalog catalog;
    private final UnitHeader header;
    private final CommitOffsets offsets;
    private final boolean alreadyApplied;
    private boolean committed;

    PgAtomicTransaction(PgSession session, PgStateTables state, PgTableWriter writer, PgTableCatalog catalog,
                        UnitHeader header, CommitOffsets offsets) {
        this.session = session;
        this.state = state;
        this.writer = writer;
        this.catalog = catalog;
        this.header = header;
        this.offsets = offsets;
        try {
            this.alreadyApplied = offsets.lockAndCheck(session.connection(), header);
        } catch (SQLException e) {
            session.failed(e);
            throw PgErrors.of(e, null, "checking the offsets of a " + header.describe());
        } catch (RuntimeException e) {
            session.rollback();
            throw e;
        }
        if (alreadyApplied) {
            LOG.info("The store already holds the offsets of this {} (an earlier attempt wrote it)", header.describe());
        }
    }

    @FunctionalInterface
    private interface Step {
        void run(Connection connection) throws SQLException;
    }

    private void step(String table, String what, Step step) {
        try {
            step.run(session.connection());
        } catch (SQLException e) {
            // name the table, so rejected rows can be isolated there
            throw PgErrors.of(e, table, what + " " + catalog.qualified(table));
        }
    }

    @Override
    public boolean alreadyApplied() {
        return alreadyApplied;
    }

    @Override
    public void truncate(String table) {
        step(table, "truncating", connection -> {
            if (state.claimNewTable(connection, table)) {
                writer.truncate(connection, table);
                LOG.info("Truncated {} before this connector's first write (table.truncate.on.first.write)",
                        catalog.qualified(table));
            }
        });
    }

    @Override
    public void write(String table, ColumnarBatch batch, String dedupToken) {
        step(table, "writing table", connection -> writer.write(connection, table, batch));
    }

    @Override
    public void undo(String table, List<RegisteredBatch> batches) {
        step(table, "undoing batches of", connection -> {
            writer.undo(connection, table, batches);
            state.deleteBatches(connection, table, batches);
        });
    }

    @Override
    public void forget(String table, List<RegisteredBatch> batches) {
        step(table, "pruning the registry of", connection -> {
            writer.forget(connection, table, batches);
            state.deleteBatches(connection, table, batches);
        });
    }

    @Override
    public void register(String table, List<RegisteredBatch> batches) {
        step(table, "registering batches of", connection -> state.upsertBatches(connection, table, batches));
    }

    @Override
    public void state(String table, TableState tableState) {
        step(table, "storing the state of", connection -> state.writeState(connection, table, tableState));
    }

    @Override
    public void commit() {
        try {
            offsets.write(session.connection(), header);
            session.commit();
            committed = true;
        } catch (SQLException e) {
            throw PgErrors.of(e, null, "committing a " + header.describe());
        }
    }

    @Override
    public void close() {
        if (!committed) {
            session.rollback();
        }
    }
}
