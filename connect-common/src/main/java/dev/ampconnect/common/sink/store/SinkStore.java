package dev.ampconnect.common.sink.store;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * One sink backend, scoped to one connector name (every key it stores includes that name). Created by
 * the task in {@code start()}, closed in {@code stop()}. Used by one thread at a time: the task's thread, or
 * the sink base's background writer while a unit is in flight ({@code buffer.flush.pipelined}); the base
 * settles that unit before any other call, so an implementation needs no locking of its own.
 */
public interface SinkStore extends AutoCloseable {

    /**
     * Takes ownership of partitions: for each, atomically increments its epoch (creating the offsets entry
     * when absent) and returns the stored next offset and the new epoch. Any unit carrying an older epoch
     * must be refused from then on ({@link StoreException.Kind#FENCED}).
     */
    Map<TopicPartition, PartitionClaim> claim(Collection<TopicPartition> partitions);

    /** What earlier units stored about a table: its state (if any) and its registered batches. */
    TableSnapshot loadTable(String table);

    /**
     * Applies a unit all-or-nothing. For each {@link TableChange}, in this order: truncate if requested and
     * the table has no state of this connector yet, write {@link TableChange#writes()} in order, upsert
     * {@link TableChange#registered()}, undo {@link TableChange#invalidated()} in the listed (descending
     * sequence) order, forget {@link TableChange#pruned()}, store {@link TableChange#state()}. Then store
     * the offsets. Every offset's epoch is verified before any of it becomes visible.
     *
     * @throws StoreException classified failure; nothing of the unit is visible afterwards
     */
    void apply(UnitOfWork unit);

    /**
     * Client-side work a store may do ahead for a batch that a coming unit will write into {@code table}
     * (encoding its rows), called on the task's thread right after the batch is converted, while the
     * previous unit may still be applied on the background writer. It must not touch the store's
     * connection or any state {@link #apply} changes; what it computes is only a cache {@link #apply} may
     * use (a batch may also never be applied). Default: nothing.
     */
    default void prepare(String table, ColumnarBatch batch) {
    }

    /** Whether {@link #probe} is supported (lets the base isolate a bad record inside a rejected batch). */
    default boolean canProbe() {
        return false;
    }

    /**
     * Writes {@code rows} into {@code table} exactly as {@link #apply} would (creating or evolving the table
     * as configured) inside a transaction that is always rolled back, so nothing stays visible.
     *
     * @throws StoreException of kind {@link StoreException.Kind#DATA} when the store rejects the rows
     */
    default void probe(String table, ColumnarBatch rows) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot probe writes");
    }

    @Override
    void close();
}
