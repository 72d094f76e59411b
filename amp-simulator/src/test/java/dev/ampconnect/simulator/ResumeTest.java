package dev.ampconnect.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.simulator.chain.BlockHash;
import java.util.List;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@code amp-resume}: continue after a canonical cursor, walk back from a stale one, ignore a malformed one. */
class ResumeTest {

    private static final String BLOCKS = "SELECT * FROM anvil.blocks";

    @Test
    void resumeAtACanonicalBlockContinuesAtTheNextBlock() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().initialHead(100).start();
             SimClient client = SimClient.connect(amp);
             StreamRecorder stream = client.stream(BLOCKS, SimClient.streamingFrom(
                     SimClient.resumeJson("anvil", 42, amp.chain().block(42).hash().hex())))) {
            Microbatch first = Microbatch.of(stream.awaitWatermarkAt(100)).get(0);

            assertEquals(List.of(43L, 100L), List.of(first.start(), first.end()));
            assertEquals(amp.chain().block(42).hash().hex(), first.range().prevHash());
            assertEquals(58, first.rows().size(), "one blocks row per block 43..100");
        }
    }

    @Test
    void resumeAfterAReorgWhileDisconnectedWalksBackToTheForkPoint() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().initialHead(100).start();
             SimClient client = SimClient.connect(amp)) {
            WireMetadata.WireRange lastSeen;
            try (StreamRecorder stream = client.stream(BLOCKS, SimClient.streaming())) {
                lastSeen = Microbatch.of(stream.awaitWatermarkAt(100)).get(0).range();
            }
            Await.until("the first stream to disconnect", () -> amp.activeStreams() == 0);
            amp.chain().reorg(10);

            try (StreamRecorder resumed = client.stream(BLOCKS, SimClient.streamingFrom(
                    SimClient.resumeJson("anvil", lastSeen.end(), lastSeen.hash())))) {
                Microbatch first = Microbatch.of(resumed.awaitWatermarkAt(100)).get(0);

                assertEquals(List.of(91L, 100L), List.of(first.start(), first.end()),
                        "the stream walks back to the first replaced block: a backwards jump from cursor 100");
                assertEquals(amp.chain().block(90).hash().hex(), first.range().prevHash());
                assertEquals(amp.chain().block(100).hash().hex(), first.range().hash());
            }
        }
    }

    @Test
    void resumeFromAnOrphanedBlockInsideTheForkWalksBackToTheForkPoint() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().initialHead(100).start();
             SimClient client = SimClient.connect(amp)) {
            String orphanedHash = amp.chain().block(95).hash().hex();
            amp.chain().reorg(10);

            try (StreamRecorder resumed = client.stream(BLOCKS, SimClient.streamingFrom(
                    SimClient.resumeJson("anvil", 95, orphanedHash)))) {
                Microbatch first = Microbatch.of(resumed.awaitWatermarkAt(100)).get(0);
                assertEquals(91, first.start());
            }
        }
    }

    @Test
    void resumeWithAHashTheChainNeverHadRestartsAtTheCursorBlockLikeAmpd() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().initialHead(100).start();
             SimClient client = SimClient.connect(amp);
             StreamRecorder stream = client.stream(BLOCKS, SimClient.streamingFrom(
                     SimClient.resumeJson("anvil", 42, "0x" + "ab".repeat(32))))) {
            Microbatch first = Microbatch.of(stream.awaitWatermarkAt(100)).get(0);

            assertEquals(42, first.start());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json",
        "[1, 2]",
        "{\"anvil\":{\"number\":\"42\",\"hash\":\"0x%s\"}}",
        "{\"anvil\":{\"number\":42,\"hash\":\"0x1234\"}}",
        "{\"anvil\":{\"number\":-1,\"hash\":\"0x%s\"}}",
        "{\"anvil\":{\"block\":42,\"hash\":\"0x%s\"}}",
        "{\"anvil\":\"42\"}",
    })
    void malformedResumeHeaderIsSilentlyIgnoredAndTheStreamStartsAtTheEarliestBlock(String header) throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().initialHead(50).start();
             SimClient client = SimClient.connect(amp);
             StreamRecorder stream = client.stream(BLOCKS, SimClient.streamingFrom(header.formatted("00".repeat(32))))) {
            Microbatch first = Microbatch.of(stream.awaitWatermarkAt(50)).get(0);

            assertEquals(0, first.start());
            assertEquals(BlockHash.ZERO.hex(), first.range().prevHash());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"ethereum-mainnet\":{\"number\":5,\"hash\":\"0x%s\"}}"})
    void aCursorWithoutTheQueryNetworkIsAnError(String header) throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().initialHead(50).start();
             SimClient client = SimClient.connect(amp);
             StreamRecorder stream = client.stream(BLOCKS, SimClient.streamingFrom(header.formatted("00".repeat(32))))) {
            FlightRuntimeException error = stream.awaitError();

            assertEquals(FlightStatusCode.INVALID_ARGUMENT, error.status().code());
            assertTrue(error.getMessage().contains("no cursor for network 'anvil'"), error.getMessage());
            assertTrue(stream.batches().isEmpty());
        }
    }
}
