package dev.ampconnect.sink.clickhouse;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.store.CommitScope;
import dev.ampconnect.common.sink.store.PartitionClaim;
import dev.ampconnect.common.sink.store.RegisteredBatch;
import dev.ampconnect.common.sink.store.SinkStore;
import dev.ampconnect.common.sink.store.StoreTransaction;
import dev.ampconnect.common.sink.store.TableSnapshot;
import dev.ampconnect.common.sink.store.TableState;
import dev.ampconnect.common.sink.store.UnitHeader;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/** A real store with test hooks run before a unit's first write and before each commit of a unit that undid batches. */
final class HookedStore implements SinkStore {

    private final SinkStore store;
    private final Runnable beforeFirstWrite;
    private final Runnable beforeCommitAfterUndo;
    private boolean wrote;

    HookedStore(SinkStore store, Runnable beforeFirstWrite, Runnable beforeCommitAfterUndo) {
        this.store = store;
        this.beforeFirstWrite = beforeFirstWrite;
        this.beforeCommitAfterUndo = beforeCommitAfterUndo;
    }

    @Override
    public CommitScope commitScope() {
        return store.commitScope();
    }

    @Override
    public Map<TopicPartition, PartitionClaim> claim(Collection<TopicPartition> partitions) {
        return store.claim(partitions);
    }

    @Override
    public TableSnapshot loadTable(String table, Collection<TopicPartition> partitions) {
        return store.loadTable(table, partitions);
    }

    @Override
    public StoreTransaction begin(UnitHeader header) {
        StoreTransaction transaction = store.begin(header);
        return new StoreTransaction() {
            private boolean undid;

            @Override
            public boolean alreadyApplied() {
                return transaction.alreadyApplied();
            }

            @Override
            public void truncate(String table) {
                transaction.truncate(table);
            }

            @Override
            public void write(String table, ColumnarBatch batch, String dedupToken) {
                if (!wrote) {
                    wrote = true;
                    beforeFirstWrite.run();
                }
                transaction.write(table, batch, dedupToken);
            }

            @Override
            public void undo(String table, List<RegisteredBatch> batches) {
                transaction.undo(table, batches);
                undid = true;
            }

            @Override
            public void forget(String table, List<RegisteredBatch> batches) {
                transaction.forget(table, batches);
            }

            @Override
            public void register(String table, List<RegisteredBatch> batches) {
                transaction.register(table, batches);
            }

            @Override
            public void state(String table, TableState state) {
                transaction.state(table, state);
            }

            @Override
            public void commit() {
                if (undid) {
                    beforeCommitAfterUndo.run();
                }
                transaction.commit();
            }

            @Override
            public void close() {
                transaction.close();
            }
        };
    }

    @Override
    public void close() {
        store.close();
    }
}
