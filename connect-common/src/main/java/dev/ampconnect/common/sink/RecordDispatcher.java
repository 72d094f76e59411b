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
import dev.ampconnect.common.sink.batch.ArrowColumnarBuilder;
import dev.ampconnect.common.sink.batch.BufferedRecord;
import dev.ampconnect.common.sink.batch.RecordFormat;
import dev.ampconnect.common.sink.batch.RecordSize;
import dev.ampconnect.common.sink.registry.Continuity;
import dev.ampconnect.common.sink.registry.SessionVerdict;
import dev.ampconnect.common.sink.registry.TableRegistry;
import dev.ampconnect.common.sink.store.RegisteredBatch;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one record to the task's registries and buffers (ARCHITECTURE.md sink rules 3-5 and 8): data
 * rows are buffered under their microbatch (registering it after the continuity check), watermarks
 * complete a microbatch, invalidations remove the batches they cover, records of a replaced session are
 * dropped, records without amp headers are buffered as plain rows.
 */
final class RecordDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(RecordDispatcher.class);

    /** Runs a flush now (before the current record is buffered). */
    @FunctionalInterface
    interface FlushNow {
        void flush();
    }

    private final TableNameFormat tableNames;
    private final TableRegistries registries;
    private final TableBuffers buffers;
    private final ErrantRecords errant;
    private final SinkMetrics metrics;
    private final RepeatedHeaderParser headers = new RepeatedHeaderParser();

    /** Waits for the unit of work in flight (see {@link Flusher#settle}). */
    private final Runnable settleInFlight;

    RecordDispatcher(TableNameFormat tableNames, TableRegistries registries, TableBuffers buffers, ErrantRecords errant,
                     SinkMetrics metrics, Runnable settleInFlight) {
        this.settleInFlight = settleInFlight;
        this.tableNames = tableNames;
        this.registries = registries;
        this.buffers = buffers;
        this.errant = errant;
        this.metrics = metrics;
    }

    /**
     * Applies a record.
     *
     * @return whether the record requires a flush right after it (an invalidation)
     */
    boolean dispatch(SinkRecord record, FlushNow flushNow) {
        Optional<AmpRecordMeta> parsed;
        try {
            parsed = headers.parse(record.headers());
        } catch (ContractException e) {
            if (isControl(record)) {
                throw controlFailure(record, e);
            }
            errant.reject(record, e);
            return false;
        }
        if (parsed.isEmpty()) {
            bufferPlain(record);
            return false;
        }
        AmpRecordMeta meta = parsed.get();
        String table = tableNames.tableFor(record.topic(), meta.stream());
        switch (meta.kind()) {
            case DATA:
                data(record, meta, table, flushNow);
                return false;
            case WATERMARK:
                watermark(record, meta, table, flushNow);
                return false;
            case INVALIDATION:
                return invalidation(record, meta, table);
            default:
                throw new IllegalStateException("unknown kind " + meta.kind());
        }
    }

    private void bufferPlain(SinkRecord record) {
        if (record.value() == null) {
            // a tombstone has nothing to write; its offset still advances
            return;
        }
        RowShape shape = shape(record);
        if (shape == null) {
            return;
        }
        String table = tableNames.tableFor(record.topic(), null);
        buffers.add(table, shape.format, false, shape.schema,
                new BufferedRecord(record, BufferedRecord.PLAIN, null, shape.rows, shape.bytes));
    }

    private void data(SinkRecord record, AmpRecordMeta meta, String table, FlushNow flushNow) {
        TableRegistry registry = registries.get(table);
        registry.bind(meta.stream(), RecordContext.source(record));
        if (!admit(registry, record, meta, false)) {
            return;
        }
        RowShape shape = record.value() == null ? reject(record, "data record without a value") : shape(record);
        if (shape == null) {
            return;
        }
        RegisteredBatch batch = registry.openBatch(meta.batchId(), meta.session()).orElse(null);
        if (batch == null) {
            rewindIfOverlapping(registry, table, record, meta, flushNow);
            batch = registry.register(meta.batchId(), meta.ranges(), meta.session());
        }
        buffers.add(table, shape.format, true, shape.schema,
                new BufferedRecord(record, batch.sequence(), meta.batchId(), shape.rows, shape.bytes));
    }

    private void watermark(SinkRecord record, AmpRecordMeta meta, String table, FlushNow flushNow) {
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
        TableRegistry registry = registries.get(table);
        registry.bind(meta.stream(), RecordContext.source(record));
        if (!admit(registry, record, meta, false)) {
            return;
        }
        RegisteredBatch batch = registry.lastIfSame(meta.batchId(), meta.session()).orElse(null);
        if (batch == null) {
            // a microbatch without (surviving) rows: register it so continuity holds across it
            rewindIfOverlapping(registry, table, record, meta, flushNow);
            batch = registry.register(meta.batchId(), meta.ranges(), meta.session());
        }
        if (!batch.complete()) {
            registry.complete(batch.sequence());
            metrics.batchCompleted();
        }
    }

    private boolean invalidation(SinkRecord record, AmpRecordMeta meta, String table) {
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
        TableRegistry registry = registries.get(table);
        registry.bind(meta.stream(), RecordContext.source(record));
        if (!admit(registry, record, meta, invalidation.reason() == InvalidationReason.REWIND)) {
            return false;
        }
        int removed = invalidate(registry, table, invalidation.network(), invalidation.startBlock());
        metrics.invalidation();
        LOG.info("{} of table {} stream '{}' network {} from block {} ({} batches removed; {})",
                invalidation.reason().wire(), table, meta.stream(), invalidation.network(), invalidation.startBlock(),
                removed, RecordContext.of(record));
        return true;
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
     * The continuity check (sink rule 4) of a new microbatch: an overlap is an implicit rewind (flushed right
     * away, before the batch's rows), a gap or a hash-chain break fails loudly.
     */
    private void rewindIfOverlapping(TableRegistry registry, String table, SinkRecord record, AmpRecordMeta meta,
                                     FlushNow flushNow) {
        boolean rewound = false;
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
                    rewound = true;
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
        if (rewound) {
            flushNow.flush();
        }
    }

    /** Removes the batches an invalidation covers and their unflushed rows; returns how many. */
    private int invalidate(TableRegistry registry, String table, String network, long fromBlock) {
        // a batch of the unit in flight must be stored (and so queued for undo) before it can be invalidated
        settleInFlight.run();
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
        return new RowShape(format, schema, 1, RecordSize.of(record.value()));
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
