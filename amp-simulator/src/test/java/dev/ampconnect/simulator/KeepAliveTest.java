package dev.ampconnect.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keep-alives: empty, not complete, carrying the range of the microbatch being computed. */
class KeepAliveTest {

    private static final String QUERY = "SELECT * FROM anvil.transactions";

    @Test
    void aSlowMicrobatchSendsKeepAlivesCarryingItsRangeUntilItsDataArrives() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().initialHead(1).microbatchComputeTime(Duration.ofMillis(600))
                .keepAliveInterval(Duration.ofMillis(50)).start();
             SimClient client = SimClient.connect(amp);
             StreamRecorder stream = client.stream(QUERY, SimClient.streaming())) {
            Microbatch microbatch = Microbatch.of(stream.awaitWatermarkAt(1)).get(0);

            List<ReceivedBatch> messages = microbatch.messages();
            int firstData = messages.indexOf(microbatch.pieces().get(0));
            assertTrue(firstData >= 4, "keep-alives every 50 ms during a 600 ms computation, got " + firstData
                    + " before the data");
            for (ReceivedBatch keepAlive : messages.subList(0, firstData)) {
                assertEquals(0, keepAlive.rowCount());
                assertFalse(keepAlive.isWatermark());
                assertEquals(microbatch.range(), keepAlive.range());
            }
            assertEquals(8, microbatch.rows().size(), "all rows of blocks 0..1 still arrive");
            assertTrue(messages.get(messages.size() - 1).isWatermark());
        }
    }

    @Test
    void keepAlivesAlsoFlowBetweenTricklingPiecesWhileRowsAccumulate() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().initialHead(4).microbatchComputeTime(Duration.ofMillis(500))
                .keepAliveInterval(Duration.ofMillis(40)).maxPieceRows(4).start();
             SimClient client = SimClient.connect(amp);
             StreamRecorder stream = client.stream(QUERY, SimClient.streaming())) {
            Microbatch microbatch = Microbatch.of(stream.awaitWatermarkAt(4)).get(0);

            List<ReceivedBatch> messages = microbatch.messages();
            int lastData = messages.lastIndexOf(microbatch.pieces().get(microbatch.pieces().size() - 1));
            int firstData = messages.indexOf(microbatch.pieces().get(0));
            long keepAlivesBetween = messages.subList(firstData, lastData).stream().filter(ReceivedBatch::isEmpty).count();
            assertTrue(keepAlivesBetween > 0, "a 5-block microbatch computing for 500 ms trickles with keep-alives between");
            assertEquals(20, microbatch.rows().size());
        }
    }

    @Test
    void theOpeningKeepAliveCanBeTurnedOff() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().initialHead(3).keepAliveAtMicrobatchStart(false).start();
             SimClient client = SimClient.connect(amp);
             StreamRecorder stream = client.stream(QUERY, SimClient.streaming())) {
            List<ReceivedBatch> messages = Microbatch.of(stream.awaitWatermarkAt(3)).get(0).messages();

            assertEquals(2, messages.size(), "one data piece and the watermark");
            assertEquals(16, messages.get(0).rowCount());
        }
    }
}
