package dev.ampconnect.sink.postgresql;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.store.CommitScope;
import dev.ampconnect.common.sink.store.PartitionClaim;
import dev.ampconnect.common.sink.store.SinkStore;
import dev.ampconnect.common.sink.store.StoreTransaction;
import dev.ampconnect.common.sink.store.TableSnapshot;
import dev.ampconnect.common.sink.store.UnitHeader;
import dev.ampconnect.sink.postgresql.PostgresSinkConfig.WriteMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/**
 * The PostgreSQL store. In its production scope, UNIT, every unit of work is ONE transaction that row-locks the
 * unit's offsets rows and checks their epochs and values (fencing, lost-reply detection), writes the rows by binary
 * COPY, updates the registry and table state, undoes invalidated batches, and stores the offsets (exactly-once, sink
 * rule 6). The TABLE and IDEMPOTENT scopes ({@code pg.commit.scope}, a testing setting) run the same writes the way an
 * Iceberg or ClickHouse store must, so the sink base's guarantees for those scopes are proven on a real database.
 */
final class PostgresStore implements SinkStore {

    private final CommitScope scope;
    private final PgSession session;
    private final PgStateTables state;
    private final PgPartitionOffsets partitionOffsets;
    private final PgTableOffsets tableOffsets;
    private final PgUnitLog units;
    private final PgTableCatalog catalog;
    private final PgTableWriter writer;

    PostgresStore(PgConnectionSource connections, String connectorName, String schema, boolean autoCreate,
                  boolean autoEvolve, WriteMode mode, List<String> primaryKey, CommitScope scope) {
        this.scope = scope;
        this.state = new PgStateTables(schema, connectorName);
        this.partitionOffsets = new PgPartitionOffsets(schema, connectorName);
        this.tableOffsets = new PgTableOffsets(schema, connectorName);
        this.units = new PgUnitLog(schema, connectorName);
        this.catalog = new PgTableCatalog(schema, autoCreate, autoEvolve, mode, primaryKey);
        this.session = new PgSession(connections, catalog);
        this.writer = mode == WriteMode.UPSERT ? new UpsertTableWriter(catalog) : new AppendTableWriter(catalog);
    }

    /** Connects and creates the sink's own tables. */
    void start() {
        session.inTransaction("creating the sink's state tables", null, connection -> {
            state.lockForCreation(connection);
            partitionOffsets.create(connection);
            state.create(connection);
            if (scope == CommitScope.TABLE) {
                tableOffsets.create(connection);
            }
            if (scope == CommitScope.IDEMPOTENT) {
                units.create(connection);
            }
            return null;
        });
    }

    @Override
    public CommitScope commitScope() {
        return scope;
    }

    @Override
    public Map<TopicPartition, PartitionClaim> claim(Collection<TopicPartition> partitions) {
        return session.inTransaction("claiming " + partitions, null, connection -> {
            switch (scope) {
                case TABLE:
                    return tableOffsets.marks(connection, partitions);
                case IDEMPOTENT:
                    return withPendingUnits(connection, partitionOffsets.claim(connection, partitions));
                default:
                    return partitionOffsets.claim(connection, partitions);
            }
        });
    }

    private Map<TopicPartition, PartitionClaim> withPendingUnits(Connection connection, Map<TopicPartition, PartitionClaim> claims)
            throws SQLException {
        Map<TopicPartition, PartitionClaim> withUnits = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, PartitionClaim> entry : claims.entrySet()) {
            PartitionClaim claim = entry.getValue();
            OptionalLong pending = units.pendingEnd(connection, entry.getKey(), claim.nextOffset());
            withUnits.put(entry.getKey(), new PartitionClaim(claim.nextOffset(), claim.epoch(), claim.lineage(), pending));
        }
        return withUnits;
    }

    @Override
    public TableSnapshot loadTable(String table, Collection<TopicPartition> partitions) {
        return session.inTransaction("loading the registry of " + table, table, connection -> {
            TableSnapshot snapshot = state.load(connection, table);
            if (scope != CommitScope.TABLE) {
                return snapshot;
            }
            return new TableSnapshot(snapshot.state(), snapshot.batches(),
                    tableOffsets.claim(connection, table, new ArrayList<>(partitions)));
        });
    }

    @Override
    public StoreTransaction begin(UnitHeader header) {
        switch (scope) {
            case TABLE:
                String table = header.tables().get(0);
                return new PgAtomicTransaction(session, state, writer, catalog, header, new PgAtomicTransaction.CommitOffsets() {
                    @Override
                    public boolean lockAndCheck(Connection connection, UnitHeader unit) throws SQLException {
                        return tableOffsets.lockAndCheck(connection, table, unit.offsets());
                    }

                    @Override
                    public void write(Connection connection, UnitHeader unit) throws SQLException {
                        tableOffsets.write(connection, table, unit.offsets(), unit.partitionMarks());
                    }
                });
            case IDEMPOTENT:
                return new PgIdempotentTransaction(session, state, writer, partitionOffsets, units, header);
            default:
                return new PgAtomicTransaction(session, state, writer, catalog, header, new PgAtomicTransaction.CommitOffsets() {
                    @Override
                    public boolean lockAndCheck(Connection connection, UnitHeader unit) throws SQLException {
                        return partitionOffsets.check(connection, unit.offsets(), true);
                    }

                    @Override
                    public void write(Connection connection, UnitHeader unit) throws SQLException {
                        partitionOffsets.write(connection, unit.offsets());
                    }
                });
        }
    }

    @Override
    public boolean canProbe() {
        return true;
    }

    @Override
    public void probe(String table, ColumnarBatch rows) {
        Connection probing = session.connection();
        try {
            writer.write(probing, table, rows);
        } catch (SQLException e) {
            throw PgErrors.of(e, table, "probing a write into " + table);
        } finally {
            session.rollback();
        }
    }

    @Override
    public void close() {
        session.close();
    }
}
