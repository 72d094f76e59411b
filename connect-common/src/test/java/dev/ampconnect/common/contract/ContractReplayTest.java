package dev.ampconnect.common.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.range.BatchId;
import dev.ampconnect.common.range.BlockRange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContractReplayTest {

    private final List<ContractReplay.Entry<Object>> topic = new ArrayList<>();

    private void batch(String session, long start, long end, String hash, String prev, String... rows) {
        List<BlockRange> ranges = List.of(new BlockRange("eth", start, end, hash, prev));
        String id = BatchId.of(ranges);
        for (int i = 0; i < rows.length; i++) {
            topic.add(new ContractReplay.Entry<>(ContractHeaders.data("s", session, id, ranges, i), rows[i]));
        }
        topic.add(new ContractReplay.Entry<>(ContractHeaders.watermark("s", session, id, ranges),
                ControlSchemas.toStruct(new Watermark("s", id, ranges, rows.length))));
    }

    private void invalidate(String session, Invalidation invalidation) {
        topic.add(new ContractReplay.Entry<>(ContractHeaders.invalidation("s", session),
                ControlSchemas.toJson(invalidation)));
    }

    @Test
    void aReorgRemovesWholeBatchesFromItsStartAndTheNewForkFollows() {
        batch("a", 0, 9, "0xa", null, "r0", "r1");
        batch("a", 10, 19, "0xb", "0xa", "r2");
        batch("a", 20, 29, "0xc", "0xb", "r3");
        invalidate("a", Invalidation.reorg("s", "eth", 20, 29));
        batch("a", 20, 29, "0xc2", "0xb", "r3'");
        ContractReplay<Object> replay = ContractReplay.apply(topic);
        assertEquals(List.of("r0", "r1", "r2", "r3'"), replay.values());
        assertEquals(1, replay.invalidations().size());
    }

    @Test
    void aRewindRemovesEverythingPastTheCursorIncludingAPartialBatch() {
        batch("a", 0, 9, "0xa", null, "r0");
        List<BlockRange> partial = List.of(new BlockRange("eth", 10, 19, "0xb", "0xa"));
        topic.add(new ContractReplay.Entry<>(ContractHeaders.data("s", "a", BatchId.of(partial), partial, 0), "dup"));
        invalidate("b", Invalidation.rewind("s", "eth", 10));
        batch("b", 10, 14, "0xb1", "0xa", "r1");
        ContractReplay<Object> replay = ContractReplay.apply(topic);
        assertEquals(List.of("r0", "r1"), replay.values());
        assertTrue(replay.batches().stream().allMatch(ContractReplay.Batch::complete));
        assertFalse(replay.values().contains("dup"));
    }
}
