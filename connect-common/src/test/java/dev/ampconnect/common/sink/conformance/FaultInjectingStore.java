package dev.ampconnect.common.sink.conformance;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.store.CommitScope;
import dev.ampconnect.common.sink.store.PartitionClaim;
import dev.ampconnect.common.sink.store.RegisteredBatch;
import dev.ampconnect.common.sink.store.SinkStore;
import dev.ampconnect.common.sink.store.StoreException;
import dev.ampconnect.common.sink.store.StoreTransaction;
import dev.ampconnect.common.sink.store.TableSnapshot;
import dev.ampconnect.common.sink.store.TableState;
import dev.ampconnect.common.sink.store.UnitHeader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;

/**
 * A backend's real store with a failure injected at one step of writing: the {@code failAt}-th step of all units
 * (begin, truncate, each write, undo, forget, register, state, commit, or the reply of a commit that succeeded)
 * throws instead of running, so a unit stops between any two of its steps. Steps are counted over the store's
 * whole life (the background writer included), so a clean run tells how many there are.
 */
final class FaultInjectingStore implements SinkStore {

    /** How the injected failure surfaces. */
    enum Failure {
        /** A transient error: the task keeps the unit and retries it. */
        TRANSIENT,
        /** A fatal error: the task fails (and is restarted by the test). */
        FATAL
    }

    private final SinkStore store;
    private final int failAt;
    private final Failure failure;
    private final AtomicInteger steps = new AtomicInteger();
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    /**
     * @param failAt the step that fails (1-based), or 0 for none
     */
    FaultInjectingStore(SinkStore store, int failAt, Failure failure) {
        this.store = store;
        this.failAt = failAt;
        this.failure = failure;
    }

    /** Steps taken so far. */
    int steps() {
        return steps.get();
    }

    /** The steps taken, as labels (for failure messages). */
    List<String> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    private void step(String label) {
        int step = steps.incrementAndGet();
        log.add(step + ":" + label);
        if (step == failAt) {
            String message = "injected fault at step " + step + " (" + label + ")";
            throw new StoreException(failure == Failure.TRANSIENT ? StoreException.Kind.TRANSIENT
                    : StoreException.Kind.FATAL, null, message);
        }
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
        step("begin " + header.tables());
        StoreTransaction transaction = store.begin(header);
        return new StoreTransaction() {
            @Override
            public boolean alreadyApplied() {
                return transaction.alreadyApplied();
            }

            @Override
            public void truncate(String table) {
                step("truncate " + table);
                transaction.truncate(table);
            }

            @Override
            public void write(String table, ColumnarBatch batch, String dedupToken) {
                step("write " + table + " " + batch.rowCount() + " rows");
                transaction.write(table, batch, dedupToken);
            }

            @Override
            public void undo(String table, List<RegisteredBatch> batches) {
                step("undo " + table + " " + batches.size() + " batches");
                transaction.undo(table, batches);
            }

            @Override
            public void forget(String table, List<RegisteredBatch> batches) {
                step("forget " + table);
                transaction.forget(table, batches);
            }

            @Override
            public void register(String table, List<RegisteredBatch> batches) {
                step("register " + table);
                transaction.register(table, batches);
            }

            @Override
            public void state(String table, TableState state) {
                step("state " + table);
                transaction.state(table, state);
            }

            @Override
            public void commit() {
                step("commit " + header.tables());
                transaction.commit();
                step("reply of commit " + header.tables());
            }

            @Override
            public void close() {
                transaction.close();
            }
        };
    }

    @Override
    public void prepare(String table, ColumnarBatch batch) {
        store.prepare(table, batch);
    }

    @Override
    public boolean canProbe() {
        return store.canProbe();
    }

    @Override
    public void probe(String table, ColumnarBatch rows) {
        store.probe(table, rows);
    }

    @Override
    public void close() {
        store.close();
    }
}
