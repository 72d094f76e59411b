package dev.ampconnect.sink.postgresql;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.store.RegisteredBatch;
import dev.ampconnect.common.sink.store.StoreException;
import dev.ampconnect.common.sink.store.StoreTransaction;
import dev.ampconnect.common.sink.store.TableState;
import dev.ampconnect.common.sink.store.UnitHeader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * IDEMPOTENT scope on PostgreSQL, the way a store without multi-statement transactions (ClickHouse) works: every step
 * is committed on its own and is idempotent (a write takes its dedup token in the same transaction as its rows, so a
 * replayed write is dropped; deletes are by batch sequence), and the registry, table states and offsets are written
 * last, in one transaction, as the unit's commit marker. The unit's range is recorded first, so a restart re-forms it.
 */
final class PgIdempotentTransaction implements StoreTransaction {

    private static final class TableMarker {
        final List<RegisteredBatch> registered = new ArrayList<>();
        final List<RegisteredBatch> removed = new ArrayList<>();
        TableState state;
    }

    private final PgSession session;
    private final PgStateTables state;
    private final PgTableWriter writer;
    private final PgPartitionOffsets offsets;
    private final PgUnitLog units;
    private final UnitHeader header;
    private final TopicPartition partition;
    private final boolean alreadyApplied;
    private final Map<String, TableMarker> marker = new LinkedHashMap<>();

    PgIdempotentTransaction(PgSession session, PgStateTables state, PgTableWriter writer, PgPartitionOffsets offsets,
                            PgUnitLog units, UnitHeader header) {
        this.session = session;
        this.state = state;
        this.writer = writer;
        this.offsets = offsets;
        this.units = units;
        this.header = header;
        if (header.identity() == null || header.offsets().size() != 1) {
            throw new StoreException(StoreException.Kind.FATAL, null, "an IDEMPOTENT unit needs an identity and exactly one"
                    + " partition's offset, got " + header.describe() + " with offsets " + header.offsets().keySet());
        }
        this.partition = header.identity().partition();
        this.alreadyApplied = session.inTransaction("beginning a " + header.describe(), null, connection -> {
            boolean applied = offsets.check(connection, header.offsets(), false);
            if (!applied) {
                units.begin(connection, header.identity());
            }
            return applied;
        });
    }

    private TableMarker marker(String table) {
        return marker.computeIfAbsent(table, t -> new TableMarker());
    }

    @Override
    public boolean alreadyApplied() {
        return alreadyApplied;
    }

    @Override
    public void truncate(String table) {
        throw new StoreException(StoreException.Kind.FATAL, table, "table.truncate.on.first.write cannot be made idempotent"
                + " (the IDEMPOTENT commit scope has no transaction to tie it to the first rows)");
    }

    @Override
    public void write(String table, ColumnarBatch batch, String dedupToken) {
        session.inTransaction("writing table " + table, table, connection -> {
            if (units.takeToken(connection, partition, dedupToken)) {
                writer.write(connection, table, batch);
            }
            return null;
        });
    }

    @Override
    public void undo(String table, List<RegisteredBatch> batches) {
        session.inTransaction("undoing batches of " + table, table, connection -> {
            writer.undo(connection, table, batches);
            return null;
        });
        marker(table).removed.addAll(batches);
    }

    @Override
    public void forget(String table, List<RegisteredBatch> batches) {
        session.inTransaction("pruning the registry of " + table, table, connection -> {
            writer.forget(connection, table, batches);
            return null;
        });
        marker(table).removed.addAll(batches);
    }

    @Override
    public void register(String table, List<RegisteredBatch> batches) {
        marker(table).registered.addAll(batches);
    }

    @Override
    public void state(String table, TableState tableState) {
        marker(table).state = tableState;
    }

    @Override
    public void commit() {
        session.inTransaction("committing a " + header.describe(), null, connection -> {
            offsets.check(connection, header.offsets(), true);
            for (Map.Entry<String, TableMarker> entry : marker.entrySet()) {
                String table = entry.getKey();
                TableMarker changes = entry.getValue();
                state.upsertBatches(connection, table, changes.registered);
                state.deleteBatches(connection, table, changes.removed);
                if (changes.state != null) {
                    state.writeState(connection, table, changes.state);
                }
            }
            offsets.write(connection, header.offsets());
            units.committed(connection, partition);
            return null;
        });
    }

    @Override
    public void close() {
        // every step committed on its own
    }
}
