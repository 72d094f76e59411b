package dev.ampconnect.source.flightsql.stream;

import dev.ampconnect.common.contract.Invalidation;
import dev.ampconnect.common.contract.RecordKind;
import dev.ampconnect.common.contract.Watermark;
import dev.ampconnect.common.protocol.AmpBatchMetadata;
import dev.ampconnect.common.protocol.AmpProtocolException;
import dev.ampconnect.common.protocol.ResumeCursor;
import dev.ampconnect.common.protocol.StreamEvent;
import dev.ampconnect.common.protocol.StreamValidator;
import dev.ampconnect.common.range.BatchId;
import dev.ampconnect.common.range.BlockRange;
import dev.ampconnect.source.flightsql.config.SourceMode;
import dev.ampconnect.source.flightsql.metrics.StreamMetrics;
import dev.ampconnect.source.flightsql.record.ContractRecords;
import dev.ampconnect.source.flightsql.record.DataEncoder;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.VectorSchemaRoot;
import dev.ampconnect.source.flightsql.config.StreamConfig;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * One connection's worth of a stream, under one {@code amp.session}: the first record is the rewind from
 * the position it started at, then every FlightData message is validated and turned into records. Reorgs
 * emit their invalidations before the new fork's rows; keep-alives and empty pieces emit nothing;
 * {@code ranges_complete} emits the watermark and moves the position. Not thread-safe: the reader thread
 * owns it.
 */
final class StreamSession {

    /** Thrown when a reorg's incoming message cannot be kept: reconnect from the recovery point. */
    static final class ReconnectRequested extends Exception {
        private static final long serialVersionUID = 1L;

        private final transient StreamEvent.Reorg reorg;

        ReconnectRequested(String message, StreamEvent.Reorg reorg) {
            super(message, null, false, false);
            this.reorg = reorg;
        }

        /** The reorg that needs the reconnect. */
        StreamEvent.Reorg reorg() {
            return reorg;
        }
    }

    /**
     * Thrown when the server answered that it has nothing synced for the query: the first message of the
     * session is an empty {@code ranges_complete} batch naming no block range (ampd's answer to a query over
     * tables with no data yet). Not a protocol violation: poll the query again later.
     */
    static final class NothingSynced extends Exception {
        private static final long serialVersionUID = 1L;

        NothingSynced() {
            super("the amp server has no data synced for the query yet: its answer was one empty batch with "
                    + "ranges_complete and no block ranges", null, false, false);
        }
    }

    private final StreamSettings settings;
    private final ContractRecords records;
    private final DataEncoder encoder;
    private final StreamOutput output;
    private final StreamMetrics metrics;
    private final StreamValidator validator;
    private final StreamPosition start;
    private final String session = UUID.randomUUID().toString();
    private boolean rewound;
    private List<BlockRange> batchRanges;
    private String batchId;
    private long batchRows;
    private boolean skipBatch;
    /** When the current microbatch's first message arrived ({@link System#nanoTime()}). */
    private long batchFirstMessageNanos;
    /** The end block of the last range seen (the start cursor's block before the first message), or -1. */
    private long lastSeenEnd;
    private long messages;
    /** Batch mode: the last watermark, held until it is known whether the query ends after it. */
    private RecordDraft heldDraft;
    private StreamPosition heldAfter;
    private long heldEnd;

    StreamSession(StreamSettings settings, ContractRecords records, DataEncoder encoder, StreamOutput output,
                  StreamMetrics metrics) {
        this.settings = settings;
        this.records = records;
        this.encoder = encoder;
        this.output = output;
        this.metrics = metrics;
        this.start = output.position();
        this.lastSeenEnd = start.cursor().flatMap(c -> c.positions().values().stream().findFirst())
                .map(ResumeCursor.Position::number).orElse(-1L);
        this.validator = start.cursor().isPresent()
                ? StreamValidator.resumeFrom(settings.name(), start.cursor().get(), start.history())
                : configuredStart().map(cursor -> StreamValidator.resumeFrom(settings.name(), cursor,
                        new dev.ampconnect.common.protocol.WatermarkHistory(settings.reorgMaxDepthBlocks())))
                .orElseGet(() -> StreamValidator.fromStart(settings.name(), settings.reorgMaxDepthBlocks()));
    }

    /** The {@code amp-resume} value to send, or {@code null} for the earliest block. */
    String resumeHeader() {
        return start.cursor().or(this::configuredStart).map(ResumeCursor::toHeaderValue).orElse(null);
    }

    /** This session's id ({@code amp.session}). */
    String id() {
        return session;
    }

    /** Messages handled so far. */
    long messages() {
        return messages;
    }

    private Optional<ResumeCursor> configuredStart() {
        return settings.stream().startCursor().map(c -> ResumeCursor.of(c.network(), c.number(), c.hash()));
    }

    /**
     * Handles one FlightData message: its metadata and the rows now in {@code root}.
     *
     * @throws AmpProtocolException on a protocol violation (the message names stream, network and ranges)
     * @throws ReconnectRequested   after a reorg whose incoming message must be discarded
     * @throws NothingSynced         when the server has no data for the query yet (nothing was emitted)
     */
    void handle(ArrowBuf appMetadata, VectorSchemaRoot root)
            throws InterruptedException, ReconnectRequested, NothingSynced {
        long arrivedNanos = System.nanoTime();
        messages++;
        releaseHeldWatermark(false);
        AmpBatchMetadata meta = AmpBatchMetadata.parse(bytes(appMetadata));
        if (messages == 1 && isNothingSynced(meta, root)) {
            throw new NothingSynced();
        }
        StreamEvent event = validator.validate(meta.ranges());
        if (!rewound) {
            requireConfiguredNetwork(meta.ranges());
            emitRewind(meta.ranges());
        }
        long seenBefore = lastSeenEnd;
        if (!meta.ranges().isEmpty()) {
            lastSeenEnd = meta.ranges().get(0).end();
            metrics.announced(lastSeenEnd);
        }
        if (event instanceof StreamEvent.Reorg reorg) {
            metrics.reorgDetected(depth(reorg, seenBefore));
            StreamPosition recovery = StreamPosition.at(validator.cursor(), validator.history(), false);
            for (Invalidation invalidation : reorg.invalidations()) {
                Invalidation named = new Invalidation(settings.name(), invalidation.network(), invalidation.startBlock(),
                        invalidation.endBlock(), invalidation.reason());
                output.invalidation(new RecordDraft(RecordKind.INVALIDATION, 256,
                        offset -> records.invalidation(named, session, offset), now -> metrics.controlHandedOver()),
                        named, recovery);
            }
            batchRanges = null;
            if (!reorg.acceptIncoming()) {
                throw new ReconnectRequested("reorg at " + reorg.ranges() + ", resuming from "
                        + reorg.resumeCursor().map(ResumeCursor::toHeaderValue).orElse("the start"), reorg);
            }
            startBatch(meta.ranges(), arrivedNanos);
        } else if (event instanceof StreamEvent.NextBatch next) {
            startBatch(next.ranges(), arrivedNanos);
        } else if (event instanceof StreamEvent.SameBatch same) {
            if (batchRanges == null) {
                startBatch(same.ranges(), arrivedNanos);
            }
            skipBatch = same.alreadyComplete();
        }
        if (!skipBatch && root.getRowCount() > 0) {
            emitRows(root);
        }
        if (meta.rangesComplete() && validator.markComplete(meta.ranges())) {
            emitWatermark();
        }
    }

    /**
     * An empty {@code ranges_complete} batch without ranges opening a session is the server saying it has no
     * data for the query; anywhere else (or carrying rows) a message without ranges stays a violation
     * ({@code EMPTY_RANGES}), since every message of a stream with data names its range.
     */
    private static boolean isNothingSynced(AmpBatchMetadata meta, VectorSchemaRoot root) {
        return meta.ranges().isEmpty() && meta.rangesComplete() && root.getRowCount() == 0;
    }

    /**
     * Batch mode: the query's stream ended. Its last watermark goes out now, with an offset that says
     * the query ran to completion, so a restarted task does not run it again.
     */
    void finishBatchQuery() throws InterruptedException {
        releaseHeldWatermark(true);
    }

    private void releaseHeldWatermark(boolean complete) throws InterruptedException {
        if (heldDraft == null) {
            return;
        }
        StreamPosition after = complete ? StreamPosition.at(heldAfter.cursor(), heldAfter.history(), true) : heldAfter;
        RecordDraft draft = heldDraft;
        heldDraft = null;
        output.watermark(draft, after, heldEnd);
    }

    /** Blocks from the reorg's first re-sent block to the newest block seen before it (at least 1). */
    private static long depth(StreamEvent.Reorg reorg, long seenBefore) {
        long firstResent = reorg.ranges().get(0).start();
        long newest = seenBefore >= 0 ? seenBefore : reorg.invalidations().get(0).endBlock();
        return Math.max(1, newest - firstResent + 1);
    }

    private void startBatch(List<BlockRange> ranges, long firstMessageNanos) {
        batchRanges = ranges;
        batchFirstMessageNanos = firstMessageNanos;
        batchId = BatchId.of(ranges);
        batchRows = 0;
        skipBatch = false;
    }

    private void emitRows(VectorSchemaRoot root) throws InterruptedException {
        final long firstRowOfBatch = batchRows;
        final List<BlockRange> ranges = batchRanges;
        final String id = batchId;
        encoder.encode(root, id, (Schema keySchema, Object key, Schema valueSchema, Object value, int rowInBatch, int rows,
                                  long bytes) ->
                output.data(new RecordDraft(RecordKind.DATA, bytes, offset -> records.data(session, id, ranges,
                        firstRowOfBatch + rowInBatch, keySchema, key, valueSchema, value, offset),
                        now -> metrics.dataHandedOver(rows))));
        batchRows += root.getRowCount();
    }

    private void emitWatermark() throws InterruptedException {
        Watermark watermark = new Watermark(settings.name(), batchId, batchRanges, batchRows);
        StreamPosition after = StreamPosition.at(validator.cursor(), validator.history(), false);
        BlockRange range = batchRanges.get(0);
        long firstMessageNanos = batchFirstMessageNanos;
        RecordDraft draft = new RecordDraft(RecordKind.WATERMARK, 512, offset -> records.watermark(watermark, session, offset),
                now -> metrics.watermarkHandedOver(range, firstMessageNanos, now));
        if (settings.mode() == SourceMode.BATCH) {
            heldDraft = draft;
            heldAfter = after;
            heldEnd = batchRanges.get(0).end();
        } else {
            output.watermark(draft, after, batchRanges.get(0).end());
        }
    }

    private void requireConfiguredNetwork(List<BlockRange> ranges) {
        Optional<String> network = settings.stream().network();
        if (network.isPresent() && ranges.stream().noneMatch(range -> range.network().equals(network.get()))) {
            throw new ConnectException("stream " + settings.name() + ": " + StreamConfig.prefix(settings.name())
                    + StreamConfig.NETWORK + " is " + network.get() + " but the server streams " + ranges
                    + "; fix the query or the network key");
        }
    }

    private void emitRewind(List<BlockRange> firstRanges) throws InterruptedException {
        rewound = true;
        metrics.sessionOpened();
        Set<String> networks = new LinkedHashSet<>();
        start.cursor().ifPresentOrElse(cursor -> networks.addAll(cursor.positions().keySet()),
                () -> firstRanges.forEach(range -> networks.add(range.network())));
        for (String network : networks) {
            long from = start.cursor().flatMap(cursor -> cursor.position(network)).map(p -> p.number() + 1)
                    .orElse(settings.stream().startBlock());
            Invalidation rewind = Invalidation.rewind(settings.name(), network, from);
            output.rewind(new RecordDraft(RecordKind.INVALIDATION, 256, offset -> records.invalidation(rewind, session, offset),
                    now -> metrics.controlHandedOver()));
        }
    }

    private static byte[] bytes(ArrowBuf buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[(int) buffer.readableBytes()];
        buffer.getBytes(buffer.readerIndex(), bytes);
        return bytes;
    }
}
