package dev.ampconnect.common.sink.registry;

import dev.ampconnect.common.range.BlockRange;
import dev.ampconnect.common.sink.store.RegisteredBatch;
import dev.ampconnect.common.sink.store.TableSnapshot;
import dev.ampconnect.common.sink.store.TableState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * One table's stream binding, session and batch registry, as stored plus what is not flushed yet
 * (docs/ARCHITECTURE.md sink rules 2-5). Pure: the sink base drains the changes into each unit of work it plans
 * ({@link #drain}); from then on they count as stored, because units are written in order and a failed one is
 * written again exactly as it was.
 */
public final class TableRegistry {

    /** How many replaced sessions are remembered to recognise zombie source tasks. */
    public static final int RETIRED_SESSIONS_KEPT = 32;

    private final String table;
    private TableState state;
    private boolean stateStored;
    private boolean stateDirty;
    private final NavigableMap<Long, Entry> entries = new TreeMap<>();
    private final List<RegisteredBatch> invalidated = new ArrayList<>();
    private final List<RegisteredBatch> pruned = new ArrayList<>();

    private static final class Entry {
        RegisteredBatch batch;
        boolean stored;
        boolean dirty;

        Entry(RegisteredBatch batch, boolean stored) {
            this.batch = batch;
            this.stored = stored;
            this.dirty = !stored;
        }
    }

    private TableRegistry(String table, TableState state, boolean stateStored) {
        this.table = table;
        this.state = state;
        this.stateStored = stateStored;
    }

    /** The registry of a table as the store holds it. */
    public static TableRegistry load(String table, TableSnapshot snapshot) {
        TableRegistry registry = new TableRegistry(table, snapshot.state().orElse(TableState.empty()),
                snapshot.state().isPresent());
        for (RegisteredBatch batch : snapshot.batches()) {
            registry.entries.put(batch.sequence(), new Entry(batch, true));
        }
        return registry;
    }

    public String table() {
        return table;
    }

    /** The table's current state (including changes not stored yet). */
    public TableState state() {
        return state;
    }

    /** Whether the store holds no state of this connector for the table yet. */
    public boolean isNewTable() {
        return !stateStored;
    }

    /**
     * Binds the table to {@code stream} arriving on {@code source} (a topic-partition), or checks the
     * binding: one table holds one stream, from one partition.
     */
    public void bind(String stream, String source) {
        if (state.stream() == null) {
            state = new TableState(stream, source, state.session(), state.retiredSessions(), state.lastSequence(),
                    state.prunedThrough());
            stateDirty = true;
            return;
        }
        if (!state.stream().equals(stream)) {
            throw new ConnectException("table " + table + " already holds stream '" + state.stream() + "' (from "
                    + state.source() + "); a record of stream '" + stream + "' from " + source
                    + " cannot be written into it: one table holds exactly one stream. Route each stream to its own"
                    + " table (e.g. table.name.format=${stream}).");
        }
        if (!state.source().equals(source)) {
            throw new ConnectException("stream '" + stream + "' of table " + table + " arrived on " + state.source()
                    + " and now on " + source + ": a stream must stay on one topic partition (reorg handling"
                    + " depends on its order)");
        }
    }

    /** Classifies a record's session, adopting a new one (sink rule 5). */
    public SessionVerdict admit(String session, boolean rewind) {
        String current = state.session();
        if (current == null) {
            replaceSession(session, null);
            return SessionVerdict.FIRST;
        }
        if (current.equals(session)) {
            return SessionVerdict.CURRENT;
        }
        if (state.retiredSessions().contains(session)) {
            return SessionVerdict.RETIRED;
        }
        replaceSession(session, current);
        return rewind ? SessionVerdict.NEW_BY_REWIND : SessionVerdict.NEW_WITHOUT_REWIND;
    }

    private void replaceSession(String session, String retired) {
        List<String> retiredSessions = new ArrayList<>(state.retiredSessions().size() + 1);
        if (retired != null) {
            retiredSessions.add(retired);
        }
        for (String older : state.retiredSessions()) {
            if (retiredSessions.size() >= RETIRED_SESSIONS_KEPT) {
                break;
            }
            retiredSessions.add(older);
        }
        state = new TableState(state.stream(), state.source(), session, retiredSessions, state.lastSequence(),
                state.prunedThrough());
        stateDirty = true;
    }

    /** The last registered batch covering {@code network}. */
    public Optional<RegisteredBatch> last(String network) {
        for (Entry entry : entries.descendingMap().values()) {
            if (entry.batch.rangeOn(network) != null) {
                return Optional.of(entry.batch);
            }
        }
        return Optional.empty();
    }

    /** The last registered batch, when it is {@code batchId} of {@code session} and not complete yet. */
    public Optional<RegisteredBatch> openBatch(String batchId, String session) {
        Map.Entry<Long, Entry> last = entries.lastEntry();
        if (last == null) {
            return Optional.empty();
        }
        RegisteredBatch batch = last.getValue().batch;
        if (batch.batchId().equals(batchId) && batch.session().equals(session) && !batch.complete()) {
            return Optional.of(batch);
        }
        return Optional.empty();
    }

    /** The last registered batch if it is {@code batchId} of {@code session} (complete or not). */
    public Optional<RegisteredBatch> lastIfSame(String batchId, String session) {
        Map.Entry<Long, Entry> last = entries.lastEntry();
        if (last != null && last.getValue().batch.batchId().equals(batchId)
                && last.getValue().batch.session().equals(session)) {
            return Optional.of(last.getValue().batch);
        }
        return Optional.empty();
    }

    /** Registers a new microbatch under the next sequence. */
    public RegisteredBatch register(String batchId, List<BlockRange> ranges, String session) {
        long sequence = state.lastSequence() + 1;
        state = new TableState(state.stream(), state.source(), state.session(), state.retiredSessions(), sequence,
                state.prunedThrough());
        stateDirty = true;
        RegisteredBatch batch = new RegisteredBatch(state.stream(), batchId, sequence, ranges, 0, false, session);
        entries.put(sequence, new Entry(batch, false));
        return batch;
    }

    /** Marks a registered batch complete (its watermark arrived). */
    public void complete(long sequence) {
        Entry entry = entries.get(sequence);
        if (entry != null && !entry.batch.complete()) {
            entry.batch = entry.batch.with(entry.batch.rows(), true);
            entry.dirty = true;
        }
    }

    /**
     * Removes every batch with a range on {@code network} ending at or after {@code fromBlock} (whole
     * batches, sink rule 3) and returns them; stored ones are queued to be undone by the next unit.
     *
     * @throws ConnectException when {@code fromBlock} lies at or below a pruned batch: its rows can no longer
     *                          be found
     */
    public List<RegisteredBatch> invalidate(String network, long fromBlock) {
        Long prunedThrough = state.prunedThrough().get(network);
        if (prunedThrough != null && fromBlock <= prunedThrough) {
            throw new ConnectException("table " + table + ", stream '" + state.stream() + "', network " + network
                    + ": an invalidation from block " + fromBlock + " reaches below the batch registry, which was pruned"
                    + " through block " + prunedThrough + " (reorg.max.depth.blocks); the rows of those batches cannot"
                    + " be identified any more. Raise reorg.max.depth.blocks for the future; to recover now, empty the"
                    + " table and reset this connector's offsets.");
        }
        List<RegisteredBatch> removed = new ArrayList<>();
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            BlockRange range = entry.batch.rangeOn(network);
            if (range != null && range.end() >= fromBlock) {
                it.remove();
                removed.add(entry.batch);
                if (entry.stored) {
                    invalidated.add(entry.batch);
                }
            }
        }
        return removed;
    }

    /**
     * Forgets batches that end more than {@code depthBlocks} below the newest block of each of their
     * networks. The newest batch of every network always stays, so continuity can be checked.
     */
    public void prune(long depthBlocks) {
        Map<String, Long> newest = new HashMap<>();
        for (Entry entry : entries.values()) {
            for (BlockRange range : entry.batch.ranges()) {
                newest.merge(range.network(), range.end(), Math::max);
            }
        }
        Map<String, Long> prunedThrough = new HashMap<>(state.prunedThrough());
        boolean any = false;
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            boolean old = entry.batch.ranges().stream()
                    .allMatch(range -> range.end() < newest.get(range.network()) - depthBlocks);
            if (!old) {
                continue;
            }
            it.remove();
            any = true;
            if (entry.stored) {
                pruned.add(entry.batch);
            }
            for (BlockRange range : entry.batch.ranges()) {
                prunedThrough.merge(range.network(), range.end(), Math::max);
            }
        }
        if (any) {
            state = new TableState(state.stream(), state.source(), state.session(), state.retiredSessions(),
                    state.lastSequence(), prunedThrough);
            stateDirty = true;
        }
    }

    /** The highest end block of a complete batch on {@code network}. */
    public OptionalLong lastCompleteBlock(String network) {
        for (Entry entry : entries.descendingMap().values()) {
            BlockRange range = entry.batch.rangeOn(network);
            if (range != null && entry.batch.complete()) {
                return OptionalLong.of(range.end());
            }
        }
        return OptionalLong.empty();
    }

    /** Networks with registered batches. */
    public List<String> networks() {
        return entries.values().stream().flatMap(e -> e.batch.ranges().stream()).map(BlockRange::network)
                .distinct().toList();
    }

    /** Whether anything changed since the last commit. */
    public boolean hasChanges() {
        return stateDirty || !invalidated.isEmpty() || !pruned.isEmpty()
                || entries.values().stream().anyMatch(e -> e.dirty);
    }

    /**
     * Takes the changes into a unit of work, with {@code rowsWritten} (rows per sequence the same unit writes)
     * added to the registered row counts, and counts them as stored from now on: the sink base writes units in
     * order and retries a failed one exactly as it was, so a later unit may rely on everything an earlier one
     * holds (an invalidation undoes a batch whose unit is still being written). If the task fails instead, the
     * registry is loaded again from the store.
     */
    public RegistryChanges drain(Map<Long, Long> rowsWritten) {
        List<RegisteredBatch> registered = new ArrayList<>();
        for (Entry entry : entries.values()) {
            long written = rowsWritten.getOrDefault(entry.batch.sequence(), 0L);
            if (entry.dirty || written > 0) {
                entry.batch = entry.batch.with(entry.batch.rows() + written, entry.batch.complete());
                registered.add(entry.batch);
            }
            entry.stored = true;
            entry.dirty = false;
        }
        List<RegisteredBatch> undo = new ArrayList<>(invalidated);
        undo.sort(Comparator.comparingLong(RegisteredBatch::sequence).reversed());
        RegistryChanges changes = new RegistryChanges(registered, undo, pruned, stateDirty || !stateStored ? state : null);
        invalidated.clear();
        pruned.clear();
        stateStored = true;
        stateDirty = false;
        return changes;
    }

    /**
     * Corrects the row count of a batch after rows of a drained unit were taken out of it (sent to the dead letter
     * queue before the unit was written).
     */
    public void rowsRemoved(long sequence, long rows) {
        Entry entry = entries.get(sequence);
        if (entry != null) {
            entry.batch = entry.batch.with(Math.max(0, entry.batch.rows() - rows), entry.batch.complete());
        }
    }
}
