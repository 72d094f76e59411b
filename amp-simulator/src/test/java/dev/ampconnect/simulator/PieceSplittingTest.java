package dev.ampconnect.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.simulator.data.TableRow;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Large microbatches are split by size; every piece repeats the microbatch's metadata. */
class PieceSplittingTest {

    private static final String QUERY = "SELECT * FROM anvil.transactions";

    @Test
    void aLargeMicrobatchIsSplitIntoPiecesBoundedByBytesEachRepeatingTheMetadata() throws Exception {
        long limit = 64 * 1024;
        try (AmpSimulator amp = AmpSimulator.builder().initialHead(499).transactionsPerBlock(4).maxPieceBytes(limit).start();
             SimClient client = SimClient.connect(amp);
             StreamRecorder stream = client.stream(QUERY, SimClient.streaming())) {
            Microbatch microbatch = Microbatch.of(stream.awaitWatermarkAt(499)).get(0);

            List<ReceivedBatch> pieces = microbatch.pieces();
            assertTrue(pieces.size() >= 5, "2000 rows of ~500 bytes need several 64 KiB pieces: " + pieces.size());
            for (ReceivedBatch piece : pieces) {
                assertEquals(microbatch.range(), piece.range());
                assertTrue(!piece.isWatermark());
                // the limit counts values and offsets; buffers add validity bitmaps and padding
                assertTrue(piece.bodyBytes() < 2 * limit, "piece of " + piece.bodyBytes() + " bytes");
            }
            assertEquals(amp.canonicalRows("transactions").stream().map(TableRow::values).map(ArrowValues::normalise).toList(),
                    microbatch.rows());
        }
    }

    @Test
    void piecesLargerThanOneMebibyteAreSentWhenConfigured() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().initialHead(999).transactionsPerBlock(12)
                .maxPieceBytes(3L << 20).maxPieceRows(1_000_000).start();
             SimClient client = SimClient.connect(amp);
             StreamRecorder stream = client.stream(QUERY, SimClient.streaming())) {
            Microbatch microbatch = Microbatch.of(stream.awaitWatermarkAt(999)).get(0);

            long largest = microbatch.pieces().stream().mapToLong(ReceivedBatch::bodyBytes).max().orElseThrow();
            assertTrue(largest > (1L << 20), "largest piece " + largest + " bytes");
            assertEquals(12_000, microbatch.rows().size());
        }
    }
}
