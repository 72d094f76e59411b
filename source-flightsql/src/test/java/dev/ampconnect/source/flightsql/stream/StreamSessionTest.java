package dev.ampconnect.source.flightsql.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.arrow.ArrowConversionOptions;
import dev.ampconnect.common.contract.ControlSchemas;
import dev.ampconnect.common.contract.Invalidation;
import dev.ampconnect.common.contract.RecordKind;
import dev.ampconnect.common.protocol.AmpProtocolException;
import dev.ampconnect.source.flightsql.config.RecordFormat;
import dev.ampconnect.source.flightsql.config.ReconnectBackoff;
import dev.ampconnect.source.flightsql.config.SourceMode;
import dev.ampconnect.source.flightsql.config.StreamConfig;
import dev.ampconnect.source.flightsql.metrics.SourceTaskMetrics;
import dev.ampconnect.source.flightsql.metrics.StreamMetrics;
import dev.ampconnect.source.flightsql.record.ContractRecords;
import dev.ampconnect.source.flightsql.record.RowsEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stream session fed FlightData messages (metadata + rows) directly: what records it emits, in what
 * order, with which offsets.
 */
class StreamSessionTest {

    private static final String NET = "anvil";

    private final BufferAllocator allocator = new RootAllocator();
    private final BigIntVector blockNum = new BigIntVector("block_num", allocator);
    private final VectorSchemaRoot root = VectorSchemaRoot.of(blockNum);
    private final ReadAheadQueue queue = new ReadAheadQueue(10_000, 1L << 30);
    private final StreamMetrics metrics = SourceTaskMetrics.unpublished().stream("s");

    @AfterEach
    void close() {
        root.close();
        allocator.close();
    }

    private static String hash(long block, char fork) {
        return "0x" + String.valueOf(fork).repeat(2) + String.format("%062x", block);
    }

    private static StreamSettings settings(int confirmations) {
        StreamConfig stream = new StreamConfig("s", Map.of("stream.s.query", "SELECT * FROM anvil.blocks"));
        return new StreamSettings(stream, SourceMode.STREAM, RecordFormat.ROWS, 900_000, ArrowConversionOptions.DEFAULTS,
                100, confirmations, new ReconnectBackoff(1, 1, 1), 5);
    }

    private StreamSession session(StreamOutput output) {
        StreamSettings settings = settings(0);
        return new StreamSession(settings, new ContractRecords(settings.stream(), RecordFormat.ROWS),
                new RowsEncoder("s", List.of(), ArrowConversionOptions.DEFAULTS), output, metrics);
    }

    /** One message: the range start..end of fork {@code fork} (parent on {@code parentFork}), with {@code rows} rows. */
    private void message(StreamSession session, long start, long end, char fork, char parentFork, boolean complete, int rows)
            throws Exception {
        String prev = start == 0 ? null : "\"" + hash(start - 1, parentFork) + "\"";
        String json = "{\"ranges\":[{\"numbers\":{\"start\":" + start + ",\"end\":" + end + "},\"network\":\"" + NET
                + "\",\"hash\":\"" + hash(end, fork) + "\",\"prev_hash\":" + prev + "}],\"ranges_complete\":" + complete + "}";
        blockNum.allocateNew(Math.max(rows, 1));
        for (int i = 0; i < rows; i++) {
            blockNum.set(i, start + i);
        }
        root.setRowCount(rows);
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        try (ArrowBuf metadata = allocator.buffer(bytes.length)) {
            metadata.writeBytes(bytes);
            session.handle(metadata, root);
        }
    }

    /** One message without ranges: {@code {"ranges":[],"ranges_complete":complete}} with {@code rows} rows. */
    private void rangeless(StreamSession session, boolean complete, int rows) throws Exception {
        blockNum.allocateNew(Math.max(rows, 1));
        for (int i = 0; i < rows; i++) {
            blockNum.set(i, i);
        }
        root.setRowCount(rows);
        byte[] bytes = ("{\"ranges\":[],\"ranges_complete\":" + complete + "}").getBytes(StandardCharsets.UTF_8);
        try (ArrowBuf metadata = allocator.buffer(bytes.length)) {
            metadata.writeBytes(bytes);
            session.handle(metadata, root);
        }
    }

    private List<SourceRecord> drain() {
        List<SourceRecord> records = new ArrayList<>();
        while (queue.peek() instanceof PendingRecord pending) {
            records.add(pending.record());
            queue.removeHead();
        }
        return records;
    }

    private static String kind(SourceRecord record) {
        return record.headers().lastWithName("amp.kind").value().toString();
    }

    private static String cursorOf(SourceRecord record) {
        return record.sourceOffset() == null ? null : record.sourceOffset().get("cursor").toString();
    }

    @Test
    void keepAlivesEmitNothingAndTheOffsetMovesOnlyAtTheWatermark() throws Exception {
        StreamSession session = session(new DirectOutput(queue, StreamPosition.initial(100)));
        message(session, 0, 2, 'a', 'a', false, 0); // keep-alive opening the microbatch
        message(session, 0, 2, 'a', 'a', false, 2);
        message(session, 0, 2, 'a', 'a', false, 1);
        message(session, 0, 2, 'a', 'a', true, 0);

        List<SourceRecord> records = drain();
        assertEquals(List.of("invalidation", "data", "data", "data", "watermark"), records.stream().map(StreamSessionTest::kind).toList());
        assertEquals(Invalidation.rewind("s", NET, 0), ControlSchemas.invalidation(records.get(0).value()));
        assertNull(records.get(1).sourceOffset(), "rows before the first watermark carry no offset");
        assertEquals(List.of("0", "1", "2"), records.subList(1, 4).stream()
                .map(r -> r.headers().lastWithName("amp.row").value().toString()).toList());
        assertEquals("{\"anvil\":{\"number\":2,\"hash\":\"" + hash(2, 'a') + "\"}}", cursorOf(records.get(4)));
        assertEquals(3L, ControlSchemas.watermark(records.get(4).value()).rows());
    }

    @Test
    void aReorgEmitsItsInvalidationAtTheRecoveryPointBeforeTheNewForksRows() throws Exception {
        StreamSession session = session(new DirectOutput(queue, StreamPosition.initial(100)));
        message(session, 0, 4, 'a', 'a', false, 5);
        message(session, 0, 4, 'a', 'a', true, 0);
        message(session, 5, 9, 'a', 'a', false, 5);
        message(session, 5, 9, 'a', 'a', true, 0);
        drain();
        message(session, 5, 10, 'b', 'a', false, 6); // fork b from block 5: back to the watermark at 4
        message(session, 5, 10, 'b', 'a', true, 0);

        List<SourceRecord> records = drain();
        assertEquals("invalidation", kind(records.get(0)));
        assertEquals(Invalidation.reorg("s", NET, 5, 10), ControlSchemas.invalidation(records.get(0).value()));
        assertTrue(cursorOf(records.get(0)).contains("\"number\":4"), "the offset moves back to the recovery point");
        assertEquals("data", kind(records.get(1)));
        assertEquals(5L, ((Struct) records.get(1).value()).getInt64("block_num"));
        assertTrue(cursorOf(records.get(1)).contains("\"number\":4"));
        assertTrue(cursorOf(records.get(records.size() - 1)).contains("\"number\":10"));
    }

    @Test
    void handingRecordsToTheWorkerCountsThemInTheStreamsMetrics() throws Exception {
        StreamSession session = session(new DirectOutput(queue, StreamPosition.initial(100)));
        message(session, 0, 2, 'a', 'a', false, 0);
        message(session, 0, 2, 'a', 'a', false, 2);
        message(session, 0, 2, 'a', 'a', false, 1);
        message(session, 0, 2, 'a', 'a', true, 0);
        message(session, 3, 4, 'a', 'a', false, 0); // the next microbatch announced, not complete
        assertEquals(0, metrics.records(), "nothing handed over yet");

        while (queue.peek() instanceof PendingRecord pending) {
            pending.handOver().handedOver(System.nanoTime());
            queue.removeHead();
        }
        assertEquals(5, metrics.records(), "rewind, three rows, watermark");
        assertEquals(3, metrics.rows());
        assertEquals(1, metrics.rewinds());
        assertEquals(1, metrics.microbatches());
        assertEquals(2, metrics.lastWatermarkBlock());
        assertEquals(2, metrics.headLagBlocks(), "block 4 announced");
        assertTrue(metrics.microbatchLatencyMs() >= 0);
    }

    @Test
    void aReorgIsCountedWithItsDepthFromTheFirstResentBlockToTheNewestSeen() throws Exception {
        StreamSession session = session(new DirectOutput(queue, StreamPosition.initial(100)));
        message(session, 0, 4, 'a', 'a', true, 0);
        message(session, 5, 9, 'a', 'a', true, 0);
        // blocks 7..9 replaced; 7 is inside the microbatch 5..9, so the session asks for a reconnect
        assertThrows(StreamSession.ReconnectRequested.class, () -> message(session, 7, 9, 'b', 'a', false, 0));
        assertEquals(1, metrics.reorgs());
        assertEquals(3, metrics.deepestReorgBlocks());
    }

    @Test
    void aReorgStartingInsideAMicrobatchAsksForAReconnectAfterItsInvalidation() throws Exception {
        StreamSession session = session(new DirectOutput(queue, StreamPosition.initial(100)));
        message(session, 0, 4, 'a', 'a', true, 0);
        message(session, 5, 9, 'a', 'a', true, 0);
        drain();
        assertThrows(StreamSession.ReconnectRequested.class, () -> message(session, 7, 9, 'c', 'c', false, 3));
        List<SourceRecord> records = drain();
        assertEquals(1, records.size(), "only the invalidation; the incoming rows are discarded");
        assertEquals(Invalidation.reorg("s", NET, 5, 9), ControlSchemas.invalidation(records.get(0).value()));
    }

    @Test
    void anEmptyCompleteAnswerWithoutRangesMeansNothingSyncedAndEmitsNothing() throws Exception {
        StreamSession session = session(new DirectOutput(queue, StreamPosition.initial(100)));

        assertThrows(StreamSession.NothingSynced.class, () -> rangeless(session, true, 0));
        assertEquals(List.of(), drain(), "not even the session's rewind");
    }

    @Test
    void aMessageWithoutRangesIsStillAViolationWhenItCarriesRowsIsIncompleteOrFollowsData() throws Exception {
        AmpProtocolException withRows = assertThrows(AmpProtocolException.class,
                () -> rangeless(session(new DirectOutput(queue, StreamPosition.initial(100))), true, 2));
        assertEquals(AmpProtocolException.Violation.EMPTY_RANGES, withRows.violation());
        AmpProtocolException incomplete = assertThrows(AmpProtocolException.class,
                () -> rangeless(session(new DirectOutput(queue, StreamPosition.initial(100))), false, 0));
        assertEquals(AmpProtocolException.Violation.EMPTY_RANGES, incomplete.violation());

        StreamSession session = session(new DirectOutput(queue, StreamPosition.initial(100)));
        message(session, 0, 4, 'a', 'a', true, 0);
        AmpProtocolException later = assertThrows(AmpProtocolException.class, () -> rangeless(session, true, 0));
        assertEquals(AmpProtocolException.Violation.EMPTY_RANGES, later.violation());
    }

    @Test
    void aForwardGapFailsWithTheStreamNamed() throws Exception {
        StreamSession session = session(new DirectOutput(queue, StreamPosition.initial(100)));
        message(session, 0, 4, 'a', 'a', true, 0);
        AmpProtocolException error = assertThrows(AmpProtocolException.class, () -> message(session, 7, 9, 'a', 'a', false, 1));
        assertEquals(AmpProtocolException.Violation.FORWARD_GAP, error.violation());
        assertTrue(error.getMessage().contains("anvil") && error.getMessage().contains("7"), error.getMessage());
    }

    private StreamPosition storedAt(long end, char fork) {
        dev.ampconnect.common.protocol.WatermarkHistory history = new dev.ampconnect.common.protocol.WatermarkHistory(100);
        history.add(List.of(new dev.ampconnect.common.range.BlockRange(NET, 0, 4, hash(4, 'a'), null)));
        history.add(List.of(new dev.ampconnect.common.range.BlockRange(NET, 5, end, hash(end, fork), hash(4, 'a'))));
        return StreamPosition.at(java.util.Optional.of(dev.ampconnect.common.protocol.ResumeCursor.of(NET, end, hash(end, fork))),
                history, false);
    }

    @Test
    void afterARestartTheFirstRecordRewindsFromTheCursorAndAReorgWhileDownIsDetected() throws Exception {
        StreamSession session = session(new DirectOutput(queue, storedAt(9, 'a')));
        assertTrue(session.resumeHeader().contains("\"number\":9"));
        // the server walked back by itself: fork b replaced 5..9 while the task was down
        message(session, 5, 9, 'b', 'a', false, 0);
        List<SourceRecord> records = drain();
        assertEquals(Invalidation.rewind("s", NET, 10), ControlSchemas.invalidation(records.get(0).value()));
        assertEquals(Invalidation.reorg("s", NET, 5, 9), ControlSchemas.invalidation(records.get(1).value()));
        assertTrue(cursorOf(records.get(1)).contains("\"number\":4"));
    }

    @Test
    void aConfiguredNetworkTheServerDoesNotStreamFailsTheStream() throws Exception {
        StreamConfig stream = new StreamConfig("s", Map.of("stream.s.query", "SELECT * FROM anvil.blocks",
                "stream.s.network", "ethereum-mainnet"));
        StreamSettings settings = new StreamSettings(stream, SourceMode.STREAM, RecordFormat.ROWS, 900_000,
                ArrowConversionOptions.DEFAULTS, 100, 0, new ReconnectBackoff(1, 1, 1), 5);
        StreamSession session = new StreamSession(settings, new ContractRecords(stream, RecordFormat.ROWS),
                new RowsEncoder("s", List.of(), ArrowConversionOptions.DEFAULTS), new DirectOutput(queue, StreamPosition.initial(100)),
                metrics);
        org.apache.kafka.connect.errors.ConnectException error = assertThrows(
                org.apache.kafka.connect.errors.ConnectException.class, () -> message(session, 0, 4, 'a', 'a', false, 1));
        assertTrue(error.getMessage().contains("stream.s.network") && error.getMessage().contains("anvil"), error.getMessage());
        assertEquals(0, queue.size(), "nothing is emitted for a stream of the wrong network");
    }

    @Test
    void aResumeTheServerIgnoredFailsLoudly() throws Exception {
        StreamSession session = session(new DirectOutput(queue, storedAt(9, 'a')));
        AmpProtocolException error = assertThrows(AmpProtocolException.class, () -> message(session, 0, 4, 'a', 'a', false, 1));
        assertEquals(AmpProtocolException.Violation.RESUME_IGNORED, error.violation());
    }

    @Test
    void withConfirmationsAShallowReorgOfHeldMicrobatchesEmitsNoInvalidation() throws Exception {
        ConfirmationGate gate = new ConfirmationGate(queue, 3, StreamPosition.initial(100));
        StreamSession session = session(gate);
        message(session, 0, 0, 'a', 'a', true, 0);
        message(session, 1, 1, 'a', 'a', false, 1);
        message(session, 1, 1, 'a', 'a', true, 0);
        message(session, 2, 2, 'a', 'a', true, 0);
        message(session, 3, 3, 'a', 'a', true, 0);
        List<SourceRecord> released = drain();
        assertEquals(List.of("invalidation", "watermark"), released.stream().map(StreamSessionTest::kind).toList(),
                "only block 0 has 3 confirmations");
        message(session, 2, 3, 'b', 'a', false, 0); // reorg of 2..3, both held
        message(session, 2, 3, 'b', 'a', true, 0);
        message(session, 4, 6, 'b', 'b', true, 0);
        List<SourceRecord> after = drain();
        assertTrue(after.stream().noneMatch(r -> kind(r).equals("invalidation")), "nothing held ever reached Kafka");
        assertEquals(List.of("data", "watermark", "watermark"), after.stream().map(StreamSessionTest::kind).toList());
        assertTrue(cursorOf(after.get(2)).contains(hash(3, 'b')), "the new fork's 2..3 is released once 6 arrived");
        assertEquals(RecordKind.DATA.wire(), kind(after.get(0)));
    }

    @Test
    void withConfirmationsAReorgReachingReleasedBlocksStillEmitsItsInvalidation() throws Exception {
        ConfirmationGate gate = new ConfirmationGate(queue, 1, StreamPosition.initial(100));
        StreamSession session = session(gate);
        message(session, 0, 1, 'a', 'a', true, 0);
        message(session, 2, 3, 'a', 'a', true, 0);
        message(session, 4, 5, 'a', 'a', true, 0); // releases 0..1 and 2..3
        drain();
        message(session, 2, 5, 'b', 'a', false, 0); // fork from block 2: 2..3 was released, 4..5 held
        List<SourceRecord> records = drain();
        assertEquals(1, records.size());
        assertEquals(Invalidation.reorg("s", NET, 2, 5), ControlSchemas.invalidation(records.get(0).value()));
        assertTrue(cursorOf(records.get(0)).contains("\"number\":1"), "the offset moves back to the recovery point");
        assertEquals(0, gate.heldBatches(), "held microbatches of the dead fork are dropped");
    }
}
