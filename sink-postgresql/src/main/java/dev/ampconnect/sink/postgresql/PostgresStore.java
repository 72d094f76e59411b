package dev.ampconnect.sink.postgresql;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.store.PartitionClaim;
import dev.ampconnect.common.sink.store.SinkStore;
import dev.ampconnect.common.sink.store.StoreException;
import dev.ampconnect.common.sink.store.TableChange;
import dev.ampconnect.common.sink.store.TableSnapshot;
import dev.ampconnect.common.sink.store.UnitOfWork;
import dev.ampconnect.sink.postgresql.PostgresSinkConfig.WriteMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL store: every unit of work is ONE transaction that row-locks the unit's offsets rows and
 * checks their epochs (fencing), writes the rows by binary COPY, updates the registry and table state,
 * undoes invalidated batches, and stores the offsets (exactly-once, sink rule 6).
 */
final class PostgresStore implements SinkStore {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresStore.class);

    private final PgConnectionSource connections;
    private final PgStateTables state;
    private final PgTableCatalog catalog;
    private final PgTableWriter writer;
    private Connection connection;

    PostgresStore(PgConnectionSource connections, String connectorName, String schema, boolean autoCreate,
                  boolean autoEvolve, WriteMode mode, java.util.List<String> primaryKey) {
        this.connections = connections;
        this.state = new PgStateTables(schema, connectorName);
        this.catalog = new PgTableCatalog(schema, autoCreate, autoEvolve, mode, primaryKey);
        this.writer = mode == WriteMode.UPSERT ? new UpsertTableWriter(catalog) : new AppendTableWriter(catalog);
    }

    /** Connects and creates the sink's own tables. */
    void start() {
        inTransaction("creating the sink's state tables", null, connection -> {
            state.create(connection);
            return null;
        });
    }

    @Override
    public Map<TopicPartition, PartitionClaim> claim(Collection<TopicPartition> partitions) {
        return inTransaction("claiming " + partitions, null, connection -> state.claim(connection, new ArrayList<>(partitions)));
    }

    @Override
    public TableSnapshot loadTable(String table) {
        return inTransaction("loading the registry of " + table, table, connection -> state.load(connection, table));
    }

    @Override
    public void apply(UnitOfWork unit) {
        inTransaction("writing a unit of " + unit.rowsWritten() + " rows", null, connection -> {
            state.lockAndCheckEpochs(connection, unit.offsets());
            for (TableChange change : unit.tables()) {
                apply(connection, change);
            }
            state.writeOffsets(connection, unit.offsets());
            return null;
        });
    }

    private void apply(Connection connection, TableChange change) {
        try {
            applyTable(connection, change);
        } catch (SQLException e) {
            // name the table, so rejected rows can be isolated there
            throw PgErrors.of(e, change.table(), "writing table " + catalog.qualified(change.table()));
        }
    }

    private void applyTable(Connection connection, TableChange change) throws SQLException {
        String table = change.table();
        if (change.truncateFirst() && state.claimNewTable(connection, table)) {
            writer.truncate(connection, table);
            LOG.info("Truncated {} before this connector's first write (table.truncate.on.first.write)", catalog.qualified(table));
        }
        for (ColumnarBatch batch : change.writes()) {
            writer.write(connection, table, batch);
        }
        state.upsertBatches(connection, table, change.registered());
        if (!change.invalidated().isEmpty()) {
            writer.undo(connection, table, change.invalidated());
            state.deleteBatches(connection, table, change.invalidated());
        }
        if (!change.pruned().isEmpty()) {
            writer.forget(connection, table, change.pruned());
            state.deleteBatches(connection, table, change.pruned());
        }
        if (change.state() != null) {
            state.writeState(connection, table, change.state());
        }
    }

    @Override
    public boolean canProbe() {
        return true;
    }

    @Override
    public void probe(String table, ColumnarBatch rows) {
        Connection probing = connection();
        try {
            writer.write(probing, table, rows);
        } catch (SQLException e) {
            throw PgErrors.of(e, table, "probing a write into " + table);
        } finally {
            rollback();
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} in one transaction; any failure rolls everything back (and forgets cached DDL). */
    private <T> T inTransaction(String what, String table, Work<T> work) {
        Connection current = connection();
        try {
            T result = work.run(current);
            current.commit();
            return result;
        } catch (SQLException e) {
            rollback();
            if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                closeConnection();
            }
            throw PgErrors.of(e, table, what);
        } catch (RuntimeException | Error e) {
            rollback();
            throw e;
        }
    }

    private Connection connection() {
        if (connection == null) {
            try {
                connection = connections.open();
            } catch (SQLException e) {
                throw PgErrors.of(e, null, "connecting to PostgreSQL");
            }
        }
        return connection;
    }

    private void rollback() {
        catalog.reset();
        if (connection == null) {
            return;
        }
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.warn("Rollback failed ({}); reconnecting", e.getMessage());
            closeConnection();
        }
    }

    private void closeConnection() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            LOG.debug("Closing the connection failed: {}", e.getMessage());
        } finally {
            connection = null;
        }
    }

    @Override
    public void close() {
        closeConnection();
    }
}
