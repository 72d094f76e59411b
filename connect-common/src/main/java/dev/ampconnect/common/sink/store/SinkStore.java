package dev.ampconnect.common.sink.store;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * One sink backend, scoped to one connector name (every key it stores includes that name). Created by the task in
 * {@code start()}, closed in {@code stop()}. Used by one thread at a time: the task's thread, or the sink base's
 * background writer while a unit is in flight ({@code buffer.flush.pipelined}); the base waits for that unit before
 * any other call, so an implementation needs no locking of its own.
 *
 * <p>What the base guarantees a store: units are written in order, one at a time; a unit that failed is written
 * again exactly as it was (same rows, same registry changes, same offsets, same identity) before any later one;
 * {@link #loadTable} and {@link #claim} are called only while no unit is being written.
 */
public interface SinkStore extends AutoCloseable {

    /** How this store makes a unit durable ({@link CommitScope}); the base plans units accordingly. */
    default CommitScope commitScope() {
        return CommitScope.UNIT;
    }

    /**
     * Takes ownership of partitions and returns where each resumes. {@link CommitScope#UNIT}/{@link
     * CommitScope#IDEMPOTENT}: atomically increments each partition's epoch (creating its offsets entry when absent),
     * so any unit carrying an older epoch is refused from then on ({@link StoreException.Kind#FENCED}).
     * {@link CommitScope#TABLE}: reads, per partition, the highest partition mark over this connector's tables
     * (fencing happens per table in {@link #loadTable}).
     */
    Map<TopicPartition, PartitionClaim> claim(Collection<TopicPartition> partitions);

    /**
     * What earlier units stored about a table: its state (if any) and its registered batches ({@link
     * CommitScope#IDEMPOTENT}: only what commit markers recorded). {@link CommitScope#TABLE}: also claims the table
     * for {@code partitions} (bumps each (table, partition) epoch, refusing older epochs from then on) and returns
     * the table's own offsets ({@link TableSnapshot#claims()}).
     *
     * @param partitions the partitions this task owns
     */
    TableSnapshot loadTable(String table, Collection<TopicPartition> partitions);

    /**
     * Starts writing a unit (all of it; {@link CommitScope#TABLE}: one table of it). {@link CommitScope#IDEMPOTENT}:
     * records {@link UnitHeader#identity()} durably before returning, so a restart re-forms this unit
     * ({@link PartitionClaim#pendingUnitEnd()}).
     *
     * @throws StoreException {@link StoreException.Kind#FENCED} when an epoch of the header is no longer this task's
     */
    StoreTransaction begin(UnitHeader header);

    /**
     * Client-side work a store may do ahead for a batch that a coming unit will write into {@code table}
     * (encoding its rows), called on the task's thread right after the batch is converted, while the previous
     * unit may still be written on the background writer. It must not touch the store's connection or any state
     * the transactions change; what it computes is only a cache the write may use (a batch may also never be
     * written). Default: nothing.
     */
    default void prepare(String table, ColumnarBatch batch) {
    }

    /** Whether {@link #probe} is supported (lets the base isolate a bad record inside a rejected batch). */
    default boolean canProbe() {
        return false;
    }

    /**
     * Writes {@code rows} into {@code table} exactly as a transaction would (creating or evolving the table as
     * configured) inside a transaction that is always rolled back, so nothing stays visible.
     *
     * @throws StoreException of kind {@link StoreException.Kind#DATA} when the store rejects the rows
     */
    default void probe(String table, ColumnarBatch rows) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot probe writes");
    }

    @Override
    void close();
}
