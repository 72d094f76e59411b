package dev.ampconnect.common.sink;

import dev.ampconnect.common.sink.store.PartitionClaim;
import dev.ampconnect.common.sink.store.SinkStore;
import dev.ampconnect.common.sink.store.StoreException;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store-independent sink task: the lifecycle Connect drives ({@code open}, {@code put},
 * {@code preCommit}, {@code close}) over a {@link SinkStore}. Records go through the
 * {@link RecordDispatcher} into per-table buffers and registries; the {@link Flusher} turns them into
 * units of work; the {@link OffsetLedger} makes sure only stored offsets are ever reported.
 */
public final class SinkEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SinkEngine.class);
    /** How often (in records) {@code put()} looks at the clock for the time threshold. */
    private static final int CLOCK_CHECK_EVERY = 1024;

    private final SinkStore store;
    private final SinkTaskContext context;
    private final Clock clock;
    private final SinkMetrics metrics;
    private final BufferAllocator allocator;
    private final OffsetLedger ledger = new OffsetLedger();
    private final TableBuffers buffers = new TableBuffers();
    private final TableRegistries registries;
    private final RecordDispatcher dispatcher;
    private final Flusher flusher;
    private final FlushPolicy policy;
    private final RetryBudget retries;
    private final int claimAttempts;

    /** A flush that must succeed before any further record is processed (an invalidation's). */
    private boolean mustFlush;
    /** When the oldest unflushed record was processed, or -1. */
    private long pendingSinceMs = -1;
    /** A failure seen where it could not be thrown (preCommit); thrown by the next put(). */
    private RuntimeException deferredFailure;

    public SinkEngine(AmpSinkConfig config, SinkStore store, SinkTaskContext context, Clock clock) {
        this.store = store;
        this.context = context;
        this.clock = clock;
        this.metrics = new SinkMetrics();
        this.allocator = new RootAllocator(config.arrowMemoryMaxBytes());
        // every store access of the task's thread first settles the unit in flight: one thread at a time
        this.registries = new TableRegistries(store, this::settle);
        ErrantRecords errant = new ErrantRecords(config.toleratesErrors(), reporter(context), metrics);
        this.dispatcher = new RecordDispatcher(config.tableNameFormat(), registries, buffers, errant, metrics, this::settle);
        BackgroundApply background = config.flushPipelined()
                ? new BackgroundApply("amp-sink-apply-" + config.originalsStrings().getOrDefault("name", "task")) : null;
        this.flusher = new Flusher(store, registries, buffers, ledger, errant, allocator, metrics,
                config.reorgMaxDepthBlocks(), config.truncateOnFirstWrite(), background);
        this.policy = new FlushPolicy(config.flushRows(), config.flushBytes(), config.flushIntervalMs());
        this.retries = new RetryBudget(config.maxRetries(), config.retryBackoffMs(), config.retryBackoffMaxMs());
        this.claimAttempts = config.maxRetries() + 1;
        metrics.bind(context, buffers::rows, allocator::getAllocatedMemory, this::commitLagMs);
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

    /** Claims the partitions in the store (fencing older tasks) and seeks to their stored offsets. */
    public void open(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        settle();
        Map<TopicPartition, PartitionClaim> claims = claim(partitions);
        claims.forEach((partition, claim) -> {
            ledger.claimed(partition, claim);
            if (claim.nextOffset().isPresent()) {
                context.offset(partition, claim.nextOffset().getAsLong());
            }
            LOG.info("Claimed {} with epoch {}; resuming at stored offset {}", partition, claim.epoch(),
                    claim.nextOffset().isPresent() ? claim.nextOffset().getAsLong() : "(none: consumer position)");
        });
    }

    private Map<TopicPartition, PartitionClaim> claim(Collection<TopicPartition> partitions) {
        for (int attempt = 1; ; attempt++) {
            try {
                Map<TopicPartition, PartitionClaim> claims = store.claim(partitions);
                retries.succeeded();
                return claims;
            } catch (StoreException e) {
                if (e.kind() != StoreException.Kind.TRANSIENT || attempt >= claimAttempts) {
                    throw new ConnectException("could not claim partitions " + partitions + " in the store: " + e.getMessage(), e);
                }
                metrics.retried();
                RuntimeException retry = retries.failed(e, "claiming " + partitions, clock.millis());
                LOG.warn("{}", retry.getMessage());
                backoff(retries.backoffMs());
            }
        }
    }

    private static void backoff(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("interrupted while backing off", e);
        }
    }

    /** Processes records; flushes when a threshold is reached or an invalidation requires it. */
    public void put(Collection<SinkRecord> records) {
        if (deferredFailure != null) {
            throw deferredFailure;
        }
        if (flusher.inFlightDone()) {
            // the background unit finished: record it (or take its records back) before anything else
            settle();
        }
        long backingOff = retries.remainingBackoffMs(clock.millis());
        if (backingOff > 0) {
            // Connect redelivered before the backoff ended (it caps the timeout at its next offset commit):
            // leave the store alone and do not count an attempt, or max.retries lasts seconds, not minutes
            context.timeout(backingOff);
            throw new RetriableException("backing off after " + retries.failures() + " failed store attempt(s): next"
                    + " attempt in " + backingOff + " ms");
        }
        if (mustFlush || policy.anyFull(buffers.all())) {
            // a flush that failed before (this may be Connect's redelivery after a RetriableException)
            flush();
        }
        int sinceClockCheck = 0;
        for (SinkRecord record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.kafkaPartition());
            if (!ledger.isClaimed(partition)) {
                throw new ConnectException("record from " + partition + " which this task did not open ("
                        + RecordContext.of(record) + ")");
            }
            if (ledger.alreadyProcessed(partition, record)) {
                continue;
            }
            boolean invalidation = dispatcher.dispatch(record, this::flushNow);
            ledger.processed(partition, record);
            if (pendingSinceMs < 0) {
                pendingSinceMs = clock.millis();
            }
            if (invalidation) {
                mustFlush = true;
                flush();
            } else if (policy.anyFull(buffers.all())
                    || (++sinceClockCheck >= CLOCK_CHECK_EVERY && policy.expired(pendingSinceMs, clock.millis()))) {
                sinceClockCheck = 0;
                flushInBackground();
            }
        }
        if (policy.expired(pendingSinceMs, clock.millis()) && flusher.hasPendingWork()) {
            flushInBackground();
        }
    }

    /**
     * A threshold flush: the unit is handed to the background writer (buffer.flush.pipelined) and the
     * task goes on buffering; its offsets count as stored only once {@link #settle} saw it succeed.
     */
    private void flushInBackground() {
        try {
            flusher.flushInBackground();
            mustFlush = false;
            pendingSinceMs = -1;
        } catch (StoreException e) {
            throw failed(e);
        }
    }

    /**
     * Settles the unit in flight, if any. A failed one's records are buffered again, so its failure is handled
     * as a failed flush's (retried after the backoff, or failing the task).
     */
    private void settle() {
        try {
            if (flusher.settle()) {
                retries.succeeded();
            }
        } catch (StoreException e) {
            throw failed(e);
        }
    }

    /** A failed flush: everything stays pending and must be flushed before new records are buffered on top. */
    private RuntimeException failed(StoreException e) {
        mustFlush = true;
        if (pendingSinceMs < 0) {
            pendingSinceMs = clock.millis();
        }
        return failure(e);
    }

    private void flushNow() {
        mustFlush = true;
        flush();
    }

    /** Flushes in put(): a transient failure becomes a RetriableException (Connect redelivers after the backoff). */
    private void flush() {
        try {
            flusher.flush();
            flushed();
        } catch (StoreException e) {
            throw failed(e);
        }
    }

    private void flushed() {
        retries.succeeded();
        mustFlush = false;
        pendingSinceMs = -1;
    }

    private RuntimeException failure(StoreException e) {
        switch (e.kind()) {
            case TRANSIENT: {
                metrics.retried();
                RuntimeException failure = retries.failed(e, "writing to the store", clock.millis());
                if (failure instanceof RetriableException) {
                    context.timeout(retries.backoffMs());
                }
                return failure;
            }
            case FENCED:
                return new ConnectException("this task was fenced: " + e.getMessage() + ". Another task owns the"
                        + " partition now; this one stops without writing.", e);
            default:
                return e;
        }
    }

    /** Flushes everything and reports the stored offsets (never offsets of unstored records). */
    public Map<TopicPartition, OffsetAndMetadata> preCommit() {
        // while backing off, the store is left alone here too; the stored offsets are reported as they are
        if (deferredFailure == null && flusher.hasPendingWork() && retries.remainingBackoffMs(clock.millis()) == 0) {
            try {
                flusher.flush();
                flushed();
            } catch (StoreException e) {
                if (e.kind() == StoreException.Kind.TRANSIENT) {
                    mustFlush = true;
                    metrics.retried();
                    LOG.warn("Flush before offset commit failed, retried with the next records: {}", e.getMessage());
                } else {
                    deferredFailure = failure(e);
                }
            } catch (RuntimeException e) {
                deferredFailure = e;
            }
        }
        return ledger.committable();
    }

    /**
     * Drops the state of revoked partitions. Anything still unflushed is discarded and the remaining
     * partitions rewind to their stored offsets, so nothing is acknowledged unwritten.
     */
    public void close(Collection<TopicPartition> partitions) {
        try {
            settle();
        } catch (RuntimeException e) {
            // its records are buffered again and discarded below: the partitions rewind to the stored offsets
            LOG.warn("The unit in flight when {} closed was not stored: {}", partitions, e.getMessage());
        }
        if (flusher.hasPendingWork()) {
            buffers.clear();
            Map<TopicPartition, Long> seeks = new HashMap<>(ledger.rewindToStored());
            partitions.forEach(seeks::remove);
            if (!seeks.isEmpty()) {
                context.offset(seeks);
            }
            mustFlush = false;
            pendingSinceMs = -1;
            LOG.info("Discarded unflushed records on close; rewinding {} to their stored offsets", seeks.keySet());
        }
        registries.clear();
        ledger.release(partitions);
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
            flusher.shutdown();
        } catch (RuntimeException e) {
            LOG.warn("The unit in flight at stop was not stored (its offsets were never reported): {}", e.getMessage());
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
