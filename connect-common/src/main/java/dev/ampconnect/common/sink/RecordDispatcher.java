package dev.ampconnect.common.sink;

import dev.ampconnect.common.contract.AmpHeaders;
import dev.ampconnect.common.contract.AmpRecordMeta;
import dev.ampconnect.common.contract.ContractException;
import dev.ampconnect.common.contract.ControlSchemas;
import dev.ampconnect.common.contract.Invalidation;
import dev.ampconnect.common.contract.InvalidationReason;
import dev.ampconnect.common.contract.RecordKind;
import dev.ampconnect.common.contract.Watermark;
import dev.ampconnect.common.range.BlockRange;
import dev.ampconnect.common.sink.buffer.ArrowColumnarBuilder;
import dev.ampconnect.common.sink.buffer.BufferedRecord;
import dev.ampconnect.common.sink.buffer.RecordFormat;
import dev.ampconnect.common.sink.buffer.RecordSize;
import dev.ampconnect.common.sink.registry.Continuity;
import dev.ampconnect.common.sink.registry.SessionVerdict;
import dev.ampconnect.common.sink.registry.TableRegistry;
import dev.ampconnect.common.sink.store.RegisteredBatch;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one record to the task's registries and buffers (docs/ARCHITECTURE.md sink rules 3-5 and 8): data
 * rows are buffered under their microbatch (registering it after the continuity check), watermarks
 * complete a microbatch, invalidations remove the batches they cover, records of a replaced session are
 * dropped, records without amp headers are buffered as plain rows. It never calls the store or the engine:
 * what has to happen around a record comes back as a {@link Dispatch} the engine acts on.
 */
final class RecordDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(RecordDispatcher.class);

    /** What the engine must do about a record. */
    enum Decision {
        /** The record is applied (buffered, dropped or skipped). */
        DONE,
        /** The record is applied and the unit must be cut right after it (an invalidation). */
        CUT_AFTER,
        /**
         * An implicit rewind: the batches the record overlaps are invalidated, the record is NOT applied yet. The
         * engine cuts the unit (the undo goes first, before the record's rows), then dispatches the record again.
         */
        CUT_BEFORE,
        /** The record's table is not loaded: the engine loads it from the store, then dispatches the record again. */
        LOAD_TABLE
    }

    /** A decision and, for {@link Decision#LOAD_TABLE}, the table to load. */
    record Dispatch(Decision decision, String table) {
        static final Dispatch DONE = new Dispatch(Decision.DONE, null);
        static final Dispatch CUT_AFTER = new Dispatch(Decision.CUT_AFTER, null);
        static final Dispatch CUT_BEFORE = new Dispatch(Decision.CUT_BEFORE, null);

        static Dispatch load(String table) {
            return new Dispatch(Decision.LOAD_TABLE, table);
        }
    }

    private final TableNameFormat tableNames;
    private final TableRegistries registries;
    private final TableBuffers buffers;
    private final OffsetLedger ledger;
    private final boolean tableOffsets;
    private final ErrantRecords errant;
    private final SinkMetrics metrics;
    private final RepeatedHeaderParser headers = new RepeatedHeaderParser();
    /** The record whose implicit rewind was just applied ({@link Decision#CUT_BEFORE}); its re-dispatch skips the check. */
    private SinkRecord rewound;

    /**
     * @param tableOffsets whether tables keep their own offsets (TABLE commit scope): a record a table already stored
     *                     is skipped for that table
     */
    RecordDispatcher(TableNameFormat tableNames, TableRegistries registries, TableBuffers buffers, OffsetLedger ledger,
                     boolean tableOffsets, ErrantRecords errant, SinkMetrics metrics) {
        this.tableNames = tableNames;
        this.registries = registries;
        this.buffers = buffers;
        this.ledger = ledger;
        this.tableOffsets = tableOffsets;
        this.errant = errant;
        this.metrics = metrics;
    }

    /** Applies a record of {@code partition}, or says what must happen first. */
    Dispatch dispatch(SinkRecord record, TopicPartition partition) {
        Optional<AmpRecordMeta> parsed;
        try {
            parsed = headers.parse(record.headers());
        } catch (ContractException e) {
            if (isControl(record)) {
                throw controlFailure(record, e);
            }
            errant.reject(record, e);
            return Dispatch.DONE;
        }
        if (parsed.isEmpty() && record.value() == null) {
            // a tombstone has nothing to write; its offset still advances
            return Dispatch.DONE;
        }
        String table = tableNames.tableFor(record.topic(), parsed.map(AmpRecordMeta::stream).orElse(null));
        TableRegistry registry = registries.find(table);
        if (registry == null) {
            return Dispatch.load(table);
        }
        if (tableOffsets) {
            if (ledger.storedInTable(table, partition, record.kafkaOffset())) {
                return Dispatch.DONE;
            }
            ledger.routed(table, partition);
        }
        if (parsed.isEmpty()) {
            bufferPlain(record, table);
            return Dispatch.DONE;
        }
        AmpRecordMeta meta = parsed.get();
        switch (meta.kind()) {
            case DATA:
                return data(record, meta, table, registry);
            case WATERMARK:
                return watermark(record, meta, table, registry);
            case INVALIDATION:
                return invalidation(record, meta, table, registry);
            default:
                throw new IllegalStateException("unknown kind " + meta.kind());
        }
    }

    private void bufferPlain(SinkRecord record, String table) {
        RowShape shape = shape(record);
        if (shape == null) {
            return;
        }
        buffer(table, record, shape, false, new BufferedRecord(record, BufferedRecord.PLAIN, null, shape.rows, shape.bytes));
    }

    /**
     * Adds a record to its table's buffer. Buffers that convert {@code rows}-format records as they arrive (no dead
     * letter queue) report one that cannot be converted here, which fails the task naming the record.
     */
    private void buffer(String table, SinkRecord record, RowShape shape, boolean amp, BufferedRecord buffered) {
        try {
            buffers.add(table, shape.format, amp, shape.schema, buffered);
        } catch (DataException e) {
            errant.reject(record, e);
        }
    }

    private Dispatch data(SinkRecord record, AmpRecordMeta meta, String table, TableRegistry registry) {
        registry.bind(meta.stream(), RecordContext.source(record));
        if (!admit(registry, record, meta, false)) {
            return Dispatch.DONE;
        }
        RowShape shape = record.value() == null ? reject(record, "data record without a value") : shape(record);
        if (shape == null) {
            return Dispatch.DONE;
        }
        RegisteredBatch batch = registry.openBatch(meta.batchId(), meta.session()).orElse(null);
        if (batch == null) {
            if (rewindIfOverlapping(registry, table, record, meta)) {
                return Dispatch.CUT_BEFORE;
            }
            batch = registry.register(meta.batchId(), meta.ranges(), meta.session());
        }
        buffer(table, record, shape, true, new BufferedRecord(record, batch.sequence(), meta.batchId(), shape.rows, shape.bytes));
        return Dispatch.DONE;
    }

    private Dispatch watermark(SinkRecord record, AmpRecordMeta meta, String table, TableRegistry registry) {
        Watermark watermark;
        try {
            watermark = ControlSchemas.watermark(record.value());
        } catch (ContractException e) {
            throw controlFailure(record, e);
        }
        if (!watermark.batchId().equals(meta.batchId())) {
            throw controlFailure(record, new ContractException("watermark value names batch " + watermark.batchId()
                    + " but its header " + AmpHeaders.BATCH_ID + " says " + meta.batchId()));
        }
        registry.bind(meta.stream(), RecordContext.source(record));
        if (!admit(registry, record, meta, false)) {
            return Dispatch.DONE;
        }
        RegisteredBatch batch = registry.lastIfSame(meta.batchId(), meta.session()).orElse(null);
        if (batch == null) {
            // a microbatch without (surviving) rows: register it so continuity holds across it
            if (rewindIfOverlapping(registry, table, record, meta)) {
                return Dispatch.CUT_BEFORE;
            }
            batch = registry.register(meta.batchId(), meta.ranges(), meta.session());
        }
        if (!batch.complete()) {
            registry.complete(batch.sequence());
            metrics.batchCompleted();
        }
        return Dispatch.DONE;
    }

    private Dispatch invalidation(SinkRecord record, AmpRecordMeta meta, String table, TableRegistry registry) {
        Invalidation invalidation;
        try {
            invalidation = ControlSchemas.invalidation(record.value());
        } catch (ContractException e) {
            throw controlFailure(record, e);
        }
        if (!invalidation.stream().equals(meta.stream())) {
            throw controlFailure(record, new ContractException("invalidation value names stream " + invalidation.stream()
                    + " but its header " + AmpHeaders.STREAM + " says " + meta.stream()));
        }
        registry.bind(meta.stream(), RecordContext.source(record));
        if (!admit(registry, record, meta, invalidation.reason() == InvalidationReason.REWIND)) {
            return Dispatch.DONE;
        }
        int removed = invalidate(registry, table, invalidation.network(), invalidation.startBlock());
        metrics.invalidation();
        LOG.info("{} of table {} stream '{}' network {} from block {} ({} batches removed; {})",
                invalidation.reason().wire(), table, meta.stream(), invalidation.network(), invalidation.startBlock(),
                removed, RecordContext.of(record));
        return Dispatch.CUT_AFTER;
    }

    /** Session check (sink rule 5); false when the record is dropped. */
    private boolean admit(TableRegistry registry, SinkRecord record, AmpRecordMeta meta, boolean rewind) {
        SessionVerdict verdict = registry.admit(meta.session(), rewind);
        switch (verdict) {
            case RETIRED:
                metrics.zombieRecordDropped();
                LOG.debug("Dropping {} record of replaced session {} of stream '{}' ({})", meta.kind().wire(),
                        meta.session(), meta.stream(), RecordContext.of(record));
                return false;
            case NEW_WITHOUT_REWIND:
                LOG.warn("Stream '{}' of table {} switched to session {} without a rewind first ({}); adopting it, the"
                        + " continuity check guards the table", meta.stream(), registry.table(), meta.session(),
                        RecordContext.of(record));
                return true;
            case NEW_BY_REWIND:
            case FIRST:
                LOG.info("Stream '{}' of table {} is now in session {} ({})", meta.stream(), registry.table(),
                        meta.session(), RecordContext.of(record));
                return true;
            default:
                return true;
        }
    }

    /**
     * The continuity check (sink rule 4) of a new microbatch: an overlap is an implicit rewind (cut right away,
     * before the batch's rows), a gap or a hash-chain break fails loudly.
     *
     * @return whether an implicit rewind was applied (the record must wait for the cut)
     */
    private boolean rewindIfOverlapping(TableRegistry registry, String table, SinkRecord record, AmpRecordMeta meta) {
        if (rewound == record) {
            // the cut after this record's implicit rewind happened: register it now, as the first batch after it
            rewound = null;
            return false;
        }
        boolean rewoundNow = false;
        for (BlockRange incoming : meta.ranges()) {
            RegisteredBatch last = registry.last(incoming.network()).orElse(null);
            BlockRange lastRange = last == null ? null : last.rangeOn(incoming.network());
            switch (Continuity.of(lastRange, incoming)) {
                case OVERLAPS:
                    int removed = invalidate(registry, table, incoming.network(), incoming.start());
                    metrics.implicitRewind();
                    metrics.invalidation();
                    LOG.warn("Implicit rewind of table {} stream '{}' network {}: batch {} starts at block {} but the"
                                    + " registry reaches block {}; {} batches from block {} removed ({})", table,
                            meta.stream(), incoming.network(), meta.batchId(), incoming.start(), lastRange.end(), removed,
                            incoming.start(), RecordContext.of(record));
                    rewoundNow = true;
                    break;
                case GAP:
                    throw new ConnectException("table " + table + ", stream '" + meta.stream() + "', network "
                            + incoming.network() + ": batch " + meta.batchId() + " starts at block " + incoming.start()
                            + " but the last stored batch " + last.batchId() + " ends at block " + lastRange.end()
                            + ", so blocks " + (lastRange.end() + 1) + ".." + (incoming.start() - 1) + " are missing ("
                            + RecordContext.of(record) + "). The sink never writes past a gap; rewind the source"
                            + " connector's offsets to re-send the missing blocks.");
                case HASH_BREAK:
                    throw new ConnectException("table " + table + ", stream '" + meta.stream() + "', network "
                            + incoming.network() + ": batch " + meta.batchId() + " (blocks " + incoming.start() + ".."
                            + incoming.end() + ") has prev_hash " + incoming.prevHash() + " but the last stored batch "
                            + last.batchId() + " ends with block " + lastRange.end() + " hash " + lastRange.hash()
                            + ": the hash chain is broken and no invalidation came first (" + RecordContext.of(record)
                            + "). Rewind the source connector's offsets to recover.");
                default:
                    break;
            }
        }
        if (rewoundNow) {
            rewound = record;
        }
        return rewoundNow;
    }

    /** Removes the batches an invalidation covers and their unflushed rows; returns how many. */
    private int invalidate(TableRegistry registry, String table, String network, long fromBlock) {
        List<RegisteredBatch> removed = registry.invalidate(network, fromBlock);
        Set<Long> sequences = new HashSet<>();
        for (RegisteredBatch batch : removed) {
            sequences.add(batch.sequence());
        }
        buffers.get(table).dropSequences(sequences);
        return removed.size();
    }

    /** Format, schema, rows and size of a record's value, or null when it was rejected. */
    private RowShape shape(SinkRecord record) {
        RecordFormat format;
        try {
            format = RecordFormat.of(record);
        } catch (DataException e) {
            errant.reject(record, e);
            return null;
        }
        if (format == RecordFormat.ARROW) {
            byte[] payload = (byte[]) record.value();
            ArrowColumnarBuilder.Shape arrow;
            try {
                arrow = ArrowColumnarBuilder.inspect(payload);
            } catch (DataException e) {
                errant.reject(record, e);
                return null;
            }
            return new RowShape(format, arrow.schema(), arrow.rows(), payload.length);
        }
        Schema schema = record.valueSchema();
        if (schema == null || schema.type() != Schema.Type.STRUCT) {
            return reject(record, "record value schema must be a STRUCT to map onto table columns, got "
                    + (schema == null ? "none" : schema.type()));
        }
        // a buffer that converts rows as they arrive measures their size in its vectors
        return new RowShape(format, schema, 1, buffers.convertsRows() ? 0 : RecordSize.of(record.value()));
    }

    private RowShape reject(SinkRecord record, String reason) {
        errant.reject(record, new DataException(reason));
        return null;
    }

    private static boolean isControl(SinkRecord record) {
        Header control = record.headers().lastWithName(AmpHeaders.CONTROL);
        if (control != null && control.value() != null && "true".equalsIgnoreCase(control.value().toString())) {
            return true;
        }
        Header kind = record.headers().lastWithName(AmpHeaders.KIND);
        return kind != null && kind.value() != null && !RecordKind.DATA.wire().equals(kind.value().toString());
    }

    /** A malformed control record is never skipped: dropping an invalidation would leave dead rows. */
    private static ConnectException controlFailure(SinkRecord record, RuntimeException cause) {
        return new ConnectException(RecordContext.of(record) + ": malformed control record, which is never skipped"
                + " (errors.tolerance does not apply: a lost invalidation would leave invalid rows): " + cause.getMessage(),
                cause);
    }

    private record RowShape(RecordFormat format, Object schema, int rows, long bytes) {
    }
}
