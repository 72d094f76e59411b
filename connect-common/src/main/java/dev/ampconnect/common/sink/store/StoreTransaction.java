package dev.ampconnect.common.sink.store;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import java.util.List;

/**
 * The writing of one unit of work (or, {@link CommitScope#TABLE}, of one table of it), step by step. The sink base
 * calls, for each table of {@link UnitHeader#tables()} in order: {@link #truncate} (when planned), {@link #write}
 * per batch, {@link #undo}, {@link #forget}, {@link #register}, {@link #state}; then {@link #commit}; and always
 * {@link #close}. Any step may throw a {@link StoreException}; the base then closes the transaction and retries
 * the very same unit later (or, after a restart, re-forms it from the stored offsets). What the steps guarantee
 * depends on the store's {@link CommitScope}:
 * <ul>
 *   <li>{@link CommitScope#UNIT} and {@link CommitScope#TABLE}: nothing is visible before {@link #commit}, which
 *       makes every step and the header's offsets visible at once; {@link #close} without commit rolls back.</li>
 *   <li>{@link CommitScope#IDEMPOTENT}: each step may be visible at once, so each must be idempotent: a
 *       {@link #write} with a dedup token the table already took is dropped, {@link #undo} deletes by batch
 *       sequence; {@link #register}, {@link #state} and the offsets are made visible together, by {@link
 *       #commit}, as the unit's commit marker (loads return only what commit markers recorded).</li>
 * </ul>
 * Implementations are used by one thread (the task's or the base's background writer) and need no locking.
 */
public interface StoreTransaction extends AutoCloseable {

    /**
     * Whether the store already holds this unit: its stored offsets equal the header's new offsets (an earlier
     * attempt committed it and its reply was lost). The base then skips every step and counts the unit stored.
     */
    boolean alreadyApplied();

    /** Empties {@code table}, but only if the store holds no state of this connector for it yet. */
    void truncate(String table);

    /**
     * Writes {@code batch} into {@code table} (creating or evolving the table as configured).
     *
     * @param dedupToken {@link CommitScope#IDEMPOTENT}: the write's stable token ({@link UnitIdentity#dedupToken});
     *                   {@code null} otherwise
     * @throws StoreException of kind {@link StoreException.Kind#DATA} when the store rejects rows
     */
    void write(String table, ColumnarBatch batch, String dedupToken);

    /**
     * Undoes stored batches, highest sequence first: deletes their rows (append modes) or restores the pre-images
     * they overwrote (keyed modes), and drops their registry entries.
     */
    void undo(String table, List<RegisteredBatch> batches);

    /** Forgets registry entries past the reorg window (their rows stay; keyed modes drop their pre-images). */
    void forget(String table, List<RegisteredBatch> batches);

    /** Inserts or updates registry entries (new batches, row counts, completion). */
    void register(String table, List<RegisteredBatch> batches);

    /** Stores the table's new state. */
    void state(String table, TableState state);

    /**
     * Stores the header's offsets (and partition marks) after verifying the epochs; with them everything the steps
     * wrote becomes visible ({@link CommitScope#UNIT}, {@link CommitScope#TABLE}), or the registry and state of the
     * steps ({@link CommitScope#IDEMPOTENT}).
     *
     * @throws StoreException {@link StoreException.Kind#FENCED} when another task owns a partition (or table
     *                        partition) now
     */
    void commit();

    /** Ends the transaction; without {@link #commit} a {@link CommitScope#UNIT}/{@link CommitScope#TABLE} store rolls back. */
    @Override
    void close();
}
