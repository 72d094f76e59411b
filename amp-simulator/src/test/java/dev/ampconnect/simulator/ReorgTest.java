package dev.ampconnect.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.simulator.chain.ReorgEvent;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Reorgs reach a streaming client only as backwards jumps, re-sending the new fork from the fork point. */
class ReorgTest {

    private static final String TRANSACTIONS = "SELECT * FROM anvil.transactions";

    @Test
    void reorgAtTheHeadIsABackwardsJumpCarryingNewHashesAndTheForksRows() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().initialHead(20).start();
             SimClient client = SimClient.connect(amp);
             StreamRecorder stream = client.stream(TRANSACTIONS, SimClient.streaming())) {
            Microbatch before = Microbatch.of(stream.awaitWatermarkAt(20)).get(0);
            List<Map<String, Object>> oldRows = rowsOfBlocks(before.rows(), 18, 20);

            ReorgEvent reorg = amp.chain().reorg(3);
            List<Microbatch> microbatches = Microbatch.of(stream.awaitBatches("the re-sent microbatch",
                    received -> Microbatch.of(received).size() == 2));

            Microbatch after = microbatches.get(1);
            assertEquals(18, reorg.firstReplacedBlock());
            assertEquals(List.of(18L, 20L), List.of(after.start(), after.end()), "re-sent from the fork point");
            assertTrue(after.start() <= before.end(), "a backwards jump");
            assertNotEquals(before.range().hash(), after.range().hash());
            assertEquals(reorg.newHeadHash().hex(), after.range().hash());
            assertEquals(amp.chain().block(17).hash().hex(), after.range().prevHash(), "block 17 is unchanged");
            assertEquals(canonical(amp, 18, 20), after.rows());
            assertNotEquals(oldRows, after.rows(), "the new fork has new row contents");
        }
    }

    @Test
    void reorgIntoTheMiddleOfAnEarlierMicrobatchRestartsAtTheForkPoint() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().initialHead(2500).transactionsPerBlock(1).start();
             SimClient client = SimClient.connect(amp);
             StreamRecorder stream = client.stream(TRANSACTIONS, SimClient.streaming())) {
            stream.awaitWatermarkAt(2500);

            amp.chain().reorgFrom(1500);
            List<Microbatch> microbatches = Microbatch.of(stream.awaitBatches("the re-sent fork",
                    received -> Microbatch.of(received).size() == 5));

            assertEquals(List.of(List.of(0L, 999L), List.of(1000L, 1999L), List.of(2000L, 2500L),
                            List.of(1500L, 2499L), List.of(2500L, 2500L)),
                    microbatches.stream().map(m -> List.of(m.start(), m.end())).toList(),
                    "the new fork is re-chunked from block 1500, inside the earlier 1000..1999 microbatch");
            assertEquals(amp.chain().block(1499).hash().hex(), microbatches.get(3).range().prevHash());
        }
    }

    @Test
    void aReplayedReorgSendsTheSameBackwardsJumpOnEveryStream() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().initialHead(14).maxBlocksPerMicrobatch(5)
                .replayReorgOnEveryStream(12).start();
             SimClient client = SimClient.connect(amp)) {
            List<List<Microbatch>> perStream = new java.util.ArrayList<>();
            for (String resume : List.of("", SimClient.resumeJson("anvil", 9, amp.chain().block(9).hash().hex()))) {
                try (StreamRecorder stream = client.stream(TRANSACTIONS,
                        resume.isEmpty() ? SimClient.streaming() : SimClient.streamingFrom(resume))) {
                    perStream.add(Microbatch.of(stream.awaitBatches("the phantom microbatch and the jump back",
                            received -> Microbatch.of(received).stream().anyMatch(m -> m.start() == 13))));
                }
            }

            List<Microbatch> first = perStream.get(0);
            assertEquals(List.of(List.of(0L, 4L), List.of(5L, 9L), List.of(10L, 14L), List.of(13L, 14L)),
                    first.stream().map(m -> List.of(m.start(), m.end())).toList(),
                    "10..14 completes on the phantom fork, then the stream jumps back into it at 13");
            Microbatch phantom = first.get(2);
            Microbatch resent = first.get(3);
            assertNotEquals(amp.chain().block(14).hash().hex(), phantom.range().hash(), "the phantom end hash");
            assertEquals(amp.chain().block(14).hash().hex(), resent.range().hash());
            assertEquals(amp.chain().block(12).hash().hex(), resent.range().prevHash());
            assertEquals(canonical(amp, 13, 14), resent.rows());

            List<Microbatch> again = perStream.get(1);
            assertEquals(List.of(List.of(10L, 14L), List.of(13L, 14L)),
                    again.stream().map(m -> List.of(m.start(), m.end())).toList(), "resumed after 9: the same again");
            assertEquals(phantom.range(), again.get(0).range(), "the same phantom range and hashes");
            assertEquals(resent.range(), again.get(1).range(), "the same jump back");
        }
    }

    @Test
    void scheduledReorgFiresWhenTheHeadReachesItsBlock() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().initialHead(25).scheduleReorg(32, 5).start();
             SimClient client = SimClient.connect(amp);
             StreamRecorder stream = client.stream(TRANSACTIONS, SimClient.streaming())) {
            stream.awaitWatermarkAt(25);
            amp.chain().mine(5);
            stream.awaitWatermarkAt(30);

            amp.chain().mine(2);
            List<Microbatch> microbatches = Microbatch.of(stream.awaitWatermarkAt(32));

            Microbatch last = microbatches.get(microbatches.size() - 1);
            assertEquals(List.of(28L, 32L), List.of(last.start(), last.end()),
                    "blocks 28..32 were replaced at head 32; the stream had sent up to 30");
            assertEquals(1, amp.chain().reorgs().size());
            assertEquals(canonical(amp, 28, 32), last.rows());
        }
    }

    @Test
    void aClientApplyingInvalidationsEndsWithTheCanonicalChain() throws Exception {
        Random script = new Random(42);
        try (AmpSimulator amp = AmpSimulator.builder().initialHead(30).transactionsPerBlock(2).reorgEvery(9, 2).start();
             SimClient client = SimClient.connect(amp);
             StreamRecorder stream = client.stream(TRANSACTIONS, SimClient.streaming())) {
            awaitCaughtUp(amp, stream);
            int headReorgs = 0;
            for (int step = 0; step < 30; step++) {
                if (script.nextInt(3) == 0) {
                    amp.chain().reorg(1 + script.nextInt(6));
                    headReorgs++;
                } else {
                    amp.chain().mine(1 + script.nextInt(2));
                }
                awaitCaughtUp(amp, stream);
            }

            ReorgApplyingStore store = new ReorgApplyingStore();
            store.apply(stream.batches());

            // a reorg of blocks already sent is always a backwards jump; a periodic one may replace blocks
            // mined in the same step, before the stream saw them
            assertTrue(headReorgs >= 5, "the script reorged often: " + headReorgs);
            assertTrue(store.backwardsJumps() >= headReorgs, store.backwardsJumps() + " jumps for " + headReorgs);
            assertEquals(canonical(amp, 0, amp.chain().head()), store.rows());
        }
    }

    @Test
    void genesisCannotBeReorgedAndDepthsMustFitTheChain() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().initialHead(3).start()) {
            assertThrows(IllegalArgumentException.class, () -> amp.chain().reorg(4));
            assertThrows(IllegalArgumentException.class, () -> amp.chain().reorgFrom(0));
            assertThrows(IllegalArgumentException.class, () -> amp.chain().scheduleReorg(2, 1), "already past");
            assertEquals(1, amp.chain().reorg(3).firstReplacedBlock());
        }
    }

    /** Waits until the stream's last watermark is the current canonical head. */
    private static void awaitCaughtUp(AmpSimulator amp, StreamRecorder stream) {
        stream.awaitBatches("the stream to reach the canonical head", received -> {
            List<Microbatch> microbatches = Microbatch.of(received);
            if (microbatches.isEmpty()) {
                return false;
            }
            WireMetadata.WireRange last = microbatches.get(microbatches.size() - 1).range();
            long head = amp.chain().head();
            return last.end() == head && last.hash().equals(amp.chain().block(head).hash().hex());
        });
    }

    private static List<Map<String, Object>> canonical(AmpSimulator amp, long from, long to) {
        return amp.canonicalRows("transactions", from, to).stream().map(r -> ArrowValues.normalise(r.values())).toList();
    }

    private static List<Map<String, Object>> rowsOfBlocks(List<Map<String, Object>> rows, long from, long to) {
        return rows.stream().filter(r -> {
            long block = ((Number) r.get("block_num")).longValue();
            return block >= from && block <= to;
        }).toList();
    }
}
