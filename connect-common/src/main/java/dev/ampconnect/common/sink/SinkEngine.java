package dev.ampconnect.common.sink;

import dev.ampconnect.common.sink.RecordDispatcher.Dispatch;
import dev.ampconnect.common.sink.store.CommitScope;
import dev.ampconnect.common.sink.store.PartitionClaim;
import dev.ampconnect.common.sink.store.SinkStore;
import dev.ampconnect.common.sink.store.StoreException;
import dev.ampconnect.common.sink.store.TableSnapshot;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store-independent sink task: the lifecycle Connect drives ({@code open}, {@code put}, {@code preCommit},
 * {@code close}) over a {@link SinkStore}. Records go through the {@link RecordDispatcher} into per-table buffers
 * and registries; the {@link UnitPlanner} cuts them into units of work per the store's {@link CommitScope}; the
 * {@link UnitCommitter} writes them in order (in the background while the next is planned); {@link RejectedRows}
 * takes rows the store rejected out of a unit; the {@link StoreBackoff} keeps a failed unit and pauses the
 * partitions until it is written; the {@link OffsetLedger} makes sure only stored offsets are ever reported.
 */
public final class SinkEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SinkEngine.class);
    /** How often (in records) {@code put()} looks at the clock for the time threshold. */
    private static final int CLOCK_CHECK_EVERY = 1024;
    /** How soon a task whose interval cut waits for a unit still being written asks Connect for the next put(). */
    private static final long WRITING_RECHECK_MS = 100;
    /** Rounds of dead-letter isolation one {@code put()} may run before giving the worker its thread back. */
    private static final int MAX_ISOLATION_ROUNDS = 1_000;

    /** A cut that must happen before the next record is processed. */
    private record Cut(TopicPartition partition) {
        static final Cut ALL = new Cut(null);
    }

    private final SinkStore store;
    private final CommitScope scope;
    private final SinkTaskContext context;
    private final Clock clock;
    private final SinkMetrics metrics;
    private final BufferAllocator allocator;
    private final OffsetLedger ledger = new OffsetLedger();
    private final TableBuffers buffers;
    private final TableRegistries registries = new TableRegistries();
    private final RecordDispatcher dispatcher;
    private final UnitPlanner planner;
    private final UnitCommitter committer;
    private final RejectedRows rejectedRows;
    private final ErrantRecords errant;
    private final FlushPolicy policy;
    private final StoreBackoff backoff;
    private final int claimAttempts;

    /** Records Connect handed over that are not processed yet (the task stopped at a cut it could not make). */
    private final Deque<SinkRecord> backlog = new ArrayDeque<>();
    /** A cut to make before the next record is processed, or null. */
    private Cut pendingCut;
    /** When the oldest unplanned record was processed, or -1. */
    private long pendingSinceMs = -1;
    /** A failure seen where it could not be thrown (preCommit); thrown by the next put(). */
    private RuntimeException deferredFailure;

    public SinkEngine(AmpSinkConfig config, SinkStore store, SinkTaskContext context, Clock clock) {
        this.store = store;
        this.scope = store.commitScope();
        if (scope == CommitScope.IDEMPOTENT && config.truncateOnFirstWrite()) {
            throw new org.apache.kafka.common.config.ConfigException(AmpSinkConfig.TABLE_TRUNCATE_ON_FIRST_WRITE, true,
                    "this sink writes without transactions (IDEMPOTENT commit scope): nothing could tie the truncation to"
                            + " the first rows");
        }
        this.context = context;
        this.clock = clock;
        this.metrics = new SinkMetrics();
        this.allocator = new RootAllocator(config.arrowMemoryMaxBytes());
        this.errant = new ErrantRecords(config.toleratesErrors(), reporter(context), metrics);
        // without a dead letter queue nothing reads a record's contents after its conversion: convert rows-format records
        // as they arrive and keep their origins only, so the worker's records die young (BENCHMARKS.md "End to end");
        // with one, a unit keeps its records to rebuild itself without the rows the store rejects (RejectedRows)
        this.buffers = new TableBuffers(config.toleratesErrors() ? null : allocator);
        this.dispatcher = new RecordDispatcher(config.tableNameFormat(), registries, buffers, ledger,
                scope == CommitScope.TABLE, errant, metrics);
        SegmentConverter converter = new SegmentConverter(allocator, errant, store);
        this.planner = new UnitPlanner(scope, config.connectorName(), buffers, registries, ledger, converter,
                config.reorgMaxDepthBlocks(), config.truncateOnFirstWrite(), config.toleratesErrors());
        BackgroundApply background = config.flushPipelined() ? new BackgroundApply("amp-sink-apply-" + config.connectorName()) : null;
        this.committer = new UnitCommitter(UnitApplier.of(store), new StoredUnits(scope, ledger, registries, metrics), background);
        this.rejectedRows = new RejectedRows(store, errant, converter, registries);
        this.policy = new FlushPolicy(config.flushRows(), config.flushBytes(), config.flushIntervalMs());
        this.backoff = new StoreBackoff(new RetryBudget(config.maxRetries(), config.retryBackoffMs(), config.retryBackoffMaxMs()),
                context, clock, metrics);
        this.claimAttempts = config.maxRetries() + 1;
        metrics.bind(context, () -> buffers.rows() + committer.pendingRows(), allocator::getAllocatedMemory, this::commitLagMs);
    }

    private static ErrantRecordReporter reporter(SinkTaskContext context) {
        try {
            return context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError | UnsupportedOperationException e) {
            return null;
        }
    }

    /** The task's metrics. */
    public SinkMetrics metrics() {
        return metrics;
    }

    /**
     * Claims the partitions in the store (fencing older tasks) and seeks to their stored offsets. Everything the
     * task holds is written first (or, when the store cannot take it, discarded and re-read), so the claim starts
     * from a state the store fully holds.
     */
    public void open(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        storeEverythingOrRewind("opening " + partitions);
        if (scope == CommitScope.TABLE) {
            // tables are claimed for the partitions the task owns: load them again with the new ones
            registries.clear();
            ledger.forgetTables();
        }
        Map<TopicPartition, PartitionClaim> claims = claim(partitions);
        claims.forEach((partition, claim) -> {
            ledger.claimed(partition, claim);
            if (claim.nextOffset().isPresent()) {
                context.offset(partition, claim.nextOffset().getAsLong());
            }
            LOG.info("Claimed {} with epoch {}; resuming at stored offset {}{}", partition, claim.epoch(),
                    claim.nextOffset().isPresent() ? claim.nextOffset().getAsLong() : "(none: consumer position)",
                    claim.pendingUnitEnd().isPresent() ? "; re-forming the unit that ends at offset "
                            + claim.pendingUnitEnd().getAsLong() + " first" : "");
        });
        backoff.assigned(partitions);
    }

    private Map<TopicPartition, PartitionClaim> claim(Collection<TopicPartition> partitions) {
        for (int attempt = 1; ; attempt++) {
            try {
                return store.claim(partitions);
            } catch (StoreException e) {
                if (e.kind() != StoreException.Kind.TRANSIENT || attempt >= claimAttempts
                        || backoff.failedOutsidePut(e, "claiming " + partitions)) {
                    throw new ConnectException("could not claim partitions " + partitions + " in the store: " + e.getMessage(), e);
                }
                sleep(backoff.backoffMs());
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("interrupted while backing off", e);
        }
    }

    /** Processes records; cuts units when a threshold is reached or a record requires it. */
    public void put(Collection<SinkRecord> records) {
        if (deferredFailure != null) {
            throw deferredFailure;
        }
        backlog.addAll(records);
        for (int round = 0; ; round++) {
            try {
                processBacklog();
                return;
            } catch (StoreException e) {
                if (!recover(e, round)) {
                    return;
                }
            }
        }
    }

    private void processBacklog() {
        if (backoff.active()) {
            if (!backoff.due()) {
                return;
            }
            committer.drain();
            backoff.succeeded(ledger.owned());
        }
        committer.advance();
        int sinceClockCheck = 0;
        while (true) {
            if (pendingCut != null) {
                cut(pendingCut);
            }
            SinkRecord record = backlog.peekFirst();
            if (record == null) {
                break;
            }
            TopicPartition partition = new TopicPartition(record.topic(), record.kafkaPartition());
            if (!ledger.isClaimed(partition)) {
                throw new ConnectException("record from " + partition + " which this task did not open ("
                        + RecordContext.of(record) + ")");
            }
            if (ledger.alreadyProcessed(partition, record)) {
                backlog.pollFirst();
                continue;
            }
            Dispatch dispatch = dispatcher.dispatch(record, partition);
            switch (dispatch.decision()) {
                case LOAD_TABLE:
                    loadTable(dispatch.table());
                    continue;
                case CUT_BEFORE:
                    pendingCut = new Cut(partition);
                    continue;
                default:
                    break;
            }
            backlog.pollFirst();
            ledger.processed(partition, record);
            if (pendingSinceMs < 0) {
                pendingSinceMs = clock.millis();
            }
            if (dispatch.decision() == RecordDispatcher.Decision.CUT_AFTER || reachedPendingUnitEnd(partition)) {
                pendingCut = new Cut(partition);
            } else if (policy.anyFull(buffers.all()) || (++sinceClockCheck >= CLOCK_CHECK_EVERY && intervalCutDue())) {
                sinceClockCheck = 0;
                pendingCut = Cut.ALL;
            }
        }
        if (pendingCut == null && planner.hasPendingWork() && intervalCutDue()) {
            cut(Cut.ALL);
        }
        if (pendingSinceMs >= 0) {
            // Connect calls put() again only when records arrive or at its next offset commit (offset.flush.interval.ms,
            // 60 s by default): ask for a call when buffer.flush.interval.ms is up, or the last records of a burst (a
            // live tail's block) wait for the next block or that commit (measured: BENCHMARKS.md "End to end"); while a
            // unit is being written, look again shortly (the end of the write wakes no one)
            long remainingMs = policy.remainingMs(pendingSinceMs, clock.millis());
            context.timeout(committer.isIdle() ? remainingMs : Math.max(remainingMs, WRITING_RECHECK_MS));
        }
    }

    /**
     * Whether {@code buffer.flush.interval.ms} asks for a cut now: the oldest pending record is old enough and no unit
     * is still being written. While one is, records keep buffering (up to the size thresholds, which still cut at
     * once): a store whose commits take longer than the interval (Iceberg, a loaded ClickHouse) then gets units as
     * large as its commit time lets accumulate, instead of one small unit per commit that leaves it ever further
     * behind after a restart or an outage.
     */
    private boolean intervalCutDue() {
        if (!policy.expired(pendingSinceMs, clock.millis())) {
            return false;
        }
        committer.advance();
        return committer.isIdle();
    }

    private boolean reachedPendingUnitEnd(TopicPartition partition) {
        Long end = ledger.pendingUnitEnd(partition);
        return end != null && ledger.processedOffset(partition) >= end;
    }

    /**
     * Cuts a unit (of one partition's records, IDEMPOTENT scope; of everything otherwise) and hands it to the
     * committer. Planning (the Arrow conversion) overlaps the unit still being written; then the task waits for that
     * one, so at most one unit is in flight while the next records are buffered.
     */
    private void cut(Cut cut) {
        if (committer.failure() != null) {
            // the failed unit goes first: retried (after a backoff) or rebuilt without rejected rows
            throw committer.failure();
        }
        List<PlannedUnit> units = cut.partition() == null ? planner.cutAll() : planner.cutFor(cut.partition());
        pendingCut = null;
        committer.submit(units);
        pendingSinceMs = planner.hasPendingWork() ? clock.millis() : -1;
        committer.advance();
        while (committer.hasWaiting()) {
            committer.awaitRunning();
        }
    }

    /** Loads a table's registry (and, TABLE scope, claims the table), after every planned unit is stored. */
    private void loadTable(String table) {
        committer.drain();
        TableSnapshot snapshot = store.loadTable(table, ledger.owned());
        registries.loaded(table, snapshot);
        if (scope == CommitScope.TABLE) {
            ledger.tableClaimed(table, snapshot.claims());
        }
    }

    /**
     * Handles a failed store call of {@code put()}.
     *
     * @return whether to go on processing now (rows were sent to the dead letter queue and the unit rebuilt)
     */
    private boolean recover(StoreException e, int round) {
        switch (e.kind()) {
            case TRANSIENT:
                backoff.failed(e, failedWhat(), ledger.owned());
                return false;
            case DATA:
                PlannedUnit failed = committer.failedUnit();
                if (!errant.tolerates() || failed == null || round >= MAX_ISOLATION_ROUNDS) {
                    throw e;
                }
                committer.replaceFailed(rejectedRows.isolate(failed, e));
                return true;
            case FENCED:
                throw fenced(e);
            default:
                throw e;
        }
    }

    private String failedWhat() {
        PlannedUnit failed = committer.failedUnit();
        return failed == null ? "reading from the store" : "writing a " + failed.describe();
    }

    private static ConnectException fenced(StoreException e) {
        return new ConnectException("this task was fenced: " + e.getMessage() + ". Another task owns the partition now;"
                + " this one stops without writing.", e);
    }

    /** Writes everything processed and reports the stored offsets (never offsets of unstored records). */
    public Map<TopicPartition, OffsetAndMetadata> preCommit() {
        if (deferredFailure != null) {
            return ledger.committable();
        }
        try {
            for (int round = 0; ; round++) {
                try {
                    if (backoff.active()) {
                        if (!backoff.due()) {
                            break;
                        }
                        committer.drain();
                        backoff.succeeded(ledger.owned());
                    }
                    cut(pendingCut != null ? pendingCut : Cut.ALL);
                    committer.drain();
                    break;
                } catch (StoreException e) {
                    if (!recover(e, round)) {
                        break;
                    }
                }
            }
        } catch (RuntimeException e) {
            deferredFailure = e;
        }
        return ledger.committable();
    }

    /**
     * Drops the state of revoked partitions. Anything not stored yet is discarded and the remaining partitions rewind
     * to their stored offsets, so nothing is acknowledged unwritten.
     */
    public void close(Collection<TopicPartition> partitions) {
        try {
            committer.drain();
        } catch (RuntimeException e) {
            LOG.warn("The units planned when {} closed were not stored ({}); discarding them", partitions, e.getMessage());
        }
        discardUnstored(partitions);
        registries.clear();
        ledger.release(partitions);
    }

    /** Writes everything held, or, when the store cannot take it now, discards it and rewinds to the stored offsets. */
    private void storeEverythingOrRewind(String why) {
        if (!holdsUnstoredWork()) {
            return;
        }
        try {
            if (pendingCut != null || planner.hasPendingWork()) {
                cut(pendingCut != null ? pendingCut : Cut.ALL);
            }
            committer.drain();
            if (backlog.isEmpty()) {
                return;
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not store what the task holds before {} ({}); discarding it, the partitions rewind to their"
                    + " stored offsets", why, e.getMessage());
        }
        discardUnstored(List.of());
        registries.clear();
    }

    private boolean holdsUnstoredWork() {
        return !committer.isIdle() || !backlog.isEmpty() || pendingCut != null || planner.hasPendingWork();
    }

    /** Discards buffered records, planned units and the backlog; partitions not in {@code revoked} seek to their stored offsets. */
    private void discardUnstored(Collection<TopicPartition> revoked) {
        boolean any = holdsUnstoredWork();
        committer.discard();
        buffers.clear();
        backlog.clear();
        pendingCut = null;
        pendingSinceMs = -1;
        Map<TopicPartition, Long> seeks = new HashMap<>(ledger.rewindToStored());
        revoked.forEach(seeks::remove);
        if (!seeks.isEmpty()) {
            context.offset(seeks);
        }
        if (any) {
            LOG.info("Discarded records not stored yet; rewinding {} to their stored offsets", seeks.keySet());
        }
    }

    private long commitLagMs() {
        long newest = ledger.newestStoredTimestamp();
        return newest < 0 ? -1 : Math.max(0, clock.millis() - newest);
    }

    /** Releases the store and the Arrow memory. */
    @Override
    public void close() {
        metrics.close();
        try {
            committer.close();
        } catch (RuntimeException e) {
            LOG.warn("The unit being written at stop was not stored (its offsets were never reported): {}", e.getMessage());
        }
        try {
            store.close();
        } finally {
            buffers.clear();
            try {
                allocator.close();
            } catch (IllegalStateException e) {
                LOG.warn("Arrow memory still allocated at stop: {}", e.getMessage());
            }
        }
    }
}
