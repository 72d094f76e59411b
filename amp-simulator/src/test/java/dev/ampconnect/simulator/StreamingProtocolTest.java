package dev.ampconnect.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.simulator.chain.BlockHash;
import dev.ampconnect.simulator.chain.BlockRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shape of a stream: metadata on every message, microbatch structure, planning at backfill and at the head. */
class StreamingProtocolTest {

    private static final String TRANSACTIONS = "SELECT * FROM \"edgeandnode/anvil@1.0.0\".transactions";
    private static final Pattern ALPHABETICAL_METADATA = Pattern.compile(
            "\\{\"ranges\":\\[\\{\"hash\":\"0x[0-9a-f]{64}\",\"network\":\"anvil\",\"numbers\":\\{\"end\":\\d+,\"start\":\\d+},"
                    + "\"prev_hash\":\"0x[0-9a-f]{64}\",\"timestamp\":\\d+}],\"ranges_complete\":(true|false)}");

    @Test
    void everyMessageCarriesItsRangeAsAlphabeticallyKeyedJson() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().initialHead(30).start();
             SimClient client = SimClient.connect(amp);
             StreamRecorder stream = client.stream(TRANSACTIONS, SimClient.streaming())) {
            List<ReceivedBatch> received = stream.awaitWatermarkAt(30);

            for (ReceivedBatch batch : received) {
                assertTrue(ALPHABETICAL_METADATA.matcher(batch.metadata().json()).matches(), batch.metadata().json());
            }
        }
    }

    @Test
    void backfillMicrobatchesOpenWithAKeepAliveThenPiecesThenOneEmptyWatermark() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().initialHead(2499).transactionsPerBlock(1).maxPieceRows(300).start();
             SimClient client = SimClient.connect(amp);
             StreamRecorder stream = client.stream(TRANSACTIONS, SimClient.streaming())) {
            List<Microbatch> microbatches = Microbatch.of(stream.awaitWatermarkAt(2499));

            assertEquals(List.of(List.of(0L, 999L), List.of(1000L, 1999L), List.of(2000L, 2499L)),
                    microbatches.stream().map(m -> List.of(m.start(), m.end())).toList());
            for (Microbatch microbatch : microbatches) {
                List<ReceivedBatch> messages = microbatch.messages();
                ReceivedBatch keepAlive = messages.get(0);
                ReceivedBatch watermark = messages.get(messages.size() - 1);
                assertTrue(keepAlive.isEmpty() && !keepAlive.isWatermark(), "first message is an empty keep-alive");
                assertTrue(watermark.isEmpty() && watermark.isWatermark(), "last message is the empty watermark");
                List<ReceivedBatch> pieces = messages.subList(1, messages.size() - 1);
                assertTrue(pieces.size() >= 2, "300-row pieces split a 500+-block microbatch");
                assertTrue(pieces.stream().noneMatch(ReceivedBatch::isWatermark));
                assertTrue(pieces.stream().allMatch(p -> p.rowCount() > 0 && p.rowCount() <= 300));
                assertTrue(messages.stream().allMatch(m -> m.range().equals(microbatch.range())),
                        "every message of a microbatch repeats its range");
                assertEquals(microbatch.end() - microbatch.start() + 1, microbatch.rows().size());
            }
        }
    }

    @Test
    void rangesChainByHashFromTheZeroParentOfGenesisAndMatchTheCanonicalBlocks() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().initialHead(1500).transactionsPerBlock(0).start();
             SimClient client = SimClient.connect(amp);
             StreamRecorder stream = client.stream(TRANSACTIONS, SimClient.streaming())) {
            List<Microbatch> microbatches = Microbatch.of(stream.awaitWatermarkAt(1500));

            assertEquals(BlockHash.ZERO.hex(), microbatches.get(0).range().prevHash());
            for (int i = 0; i < microbatches.size(); i++) {
                WireMetadata.WireRange range = microbatches.get(i).range();
                BlockRef end = amp.chain().block(range.end());
                assertEquals(end.hash().hex(), range.hash(), "hash is the END block's hash");
                assertEquals(end.timestamp(), range.timestamp(), "timestamp is the END block's");
                assertEquals(amp.chain().block(range.start()).parentHash().hex(), range.prevHash(),
                        "prev_hash is the START block's parent");
                assertEquals("anvil", range.network());
                if (i > 0) {
                    WireMetadata.WireRange previous = microbatches.get(i - 1).range();
                    assertEquals(previous.end() + 1, range.start());
                    assertEquals(previous.hash(), range.prevHash());
                }
            }
        }
    }

    @Test
    void streamedRowsAreTheCanonicalRows() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().initialHead(40).start();
             SimClient client = SimClient.connect(amp);
             StreamRecorder stream = client.stream("SELECT * FROM anvil.logs", SimClient.streaming())) {
            List<Map<String, Object>> rows = Microbatch.of(stream.awaitWatermarkAt(40)).stream()
                    .flatMap(m -> m.rows().stream()).toList();

            assertEquals(amp.canonicalRows("logs").stream().map(r -> ArrowValues.normalise(r.values())).toList(), rows);
        }
    }

    @Test
    void atTheHeadEachNewBlockComesAsAOneOrTwoBlockMicrobatch() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().initialHead(10).start();
             SimClient client = SimClient.connect(amp);
             StreamRecorder stream = client.stream(TRANSACTIONS, SimClient.streaming())) {
            stream.awaitWatermarkAt(10);

            amp.chain().mine(1);
            stream.awaitWatermarkAt(11);
            amp.chain().mine(2);
            List<Microbatch> microbatches = Microbatch.of(stream.awaitWatermarkAt(13));

            assertEquals(List.of(List.of(0L, 10L), List.of(11L, 11L), List.of(12L, 13L)),
                    microbatches.stream().map(m -> List.of(m.start(), m.end())).toList());
            assertEquals(microbatches.get(1).range().hash(), microbatches.get(2).range().prevHash());
            assertEquals(8, microbatches.get(2).rows().size(), "4 transactions in each of the 2 blocks");
        }
    }

    @Test
    void aBackgroundBlockProducerKeepsTheStreamGrowing() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().initialHead(5).blockInterval(Duration.ofMillis(20)).start();
             SimClient client = SimClient.connect(amp);
             StreamRecorder stream = client.stream(TRANSACTIONS, SimClient.streaming())) {
            List<Microbatch> microbatches = Microbatch.of(stream.awaitBatches("a watermark past block 25",
                    received -> received.stream().anyMatch(b -> b.isWatermark() && b.range().end() >= 25)));

            for (int i = 1; i < microbatches.size(); i++) {
                assertEquals(microbatches.get(i - 1).end() + 1, microbatches.get(i).start());
            }
            assertTrue(microbatches.size() > 2, "the head grew in small microbatches: " + microbatches.size());
        }
    }

    @Test
    void settingsStreamTrueStreamsWithoutTheHeaderAndFalseHeaderOverridesIt() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().initialHead(1200).transactionsPerBlock(0).start();
             SimClient client = SimClient.connect(amp)) {
            try (StreamRecorder stream = client.stream("SELECT * FROM anvil.blocks SETTINGS stream = true", Map.of())) {
                List<Microbatch> microbatches = Microbatch.of(stream.awaitWatermarkAt(1200));
                assertEquals(List.of(999L, 1200L), microbatches.stream().map(Microbatch::end).toList());
            }
            List<ReceivedBatch> batch = client.readAll("SELECT * FROM anvil.blocks SETTINGS stream = true",
                    Map.of("amp-stream", "false"));
            assertEquals(List.of(0L, 1200L), List.of(batch.get(0).range().start(), batch.get(0).range().end()),
                    "a batch query covers everything in one range");
        }
    }

    @Test
    void sameSeedSameChainDifferentSeedDifferentHashes() throws Exception {
        try (AmpSimulator first = AmpSimulator.builder().seed(7).initialHead(5).start();
             AmpSimulator second = AmpSimulator.builder().seed(7).initialHead(5).start();
             AmpSimulator other = AmpSimulator.builder().seed(8).initialHead(5).start()) {
            assertEquals(first.chain().canonicalBlocks(), second.chain().canonicalBlocks());
            assertEquals(first.canonicalRows("transactions").stream().map(r -> ArrowValues.normalise(r.values())).toList(),
                    second.canonicalRows("transactions").stream().map(r -> ArrowValues.normalise(r.values())).toList());
            assertNotEquals(first.chain().block(5).hash(), other.chain().block(5).hash());
            assertFalse(first.chain().block(3).hash().equals(first.chain().block(4).hash()));
        }
    }
}
