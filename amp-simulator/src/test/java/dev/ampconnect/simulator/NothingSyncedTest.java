package dev.ampconnect.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A server with nothing synced yet answers every query, streaming or batch, as ampd answers a query over tables
 * without data: one empty {@code ranges_complete} batch with no ranges, then the end of the stream (a streaming
 * query does not wait for data). After {@link AmpSimulator#markSynced()} the same query gets the chain.
 */
class NothingSyncedTest {

    @Test
    void everyQueryGetsOneEmptyCompleteBatchWithoutRangesUntilTheDataIsSynced() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().initialHead(3).nothingSynced().start();
             SimClient client = SimClient.connect(amp)) {
            for (Map<String, String> headers : List.of(SimClient.streaming(), Map.<String, String>of())) {
                List<ReceivedBatch> batches = client.readAll("SELECT * FROM anvil.blocks", headers);

                assertEquals(1, batches.size(), "one message, then the stream ends: " + headers);
                ReceivedBatch only = batches.get(0);
                assertTrue(only.isEmpty() && only.isWatermark(), "an empty ranges_complete batch: " + headers);
                assertTrue(only.metadata().ranges().isEmpty(), "no block range: " + headers);
            }

            amp.markSynced();
            List<ReceivedBatch> batches = client.readAll("SELECT * FROM anvil.blocks", Map.of());

            assertEquals(4, batches.stream().mapToInt(ReceivedBatch::rowCount).sum(), "blocks 0..3 once synced");
            assertEquals(List.of(0L, 3L), List.of(batches.get(0).range().start(), batches.get(0).range().end()));
        }
    }
}
