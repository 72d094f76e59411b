package dev.ampconnect.sink.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ampconnect.common.range.BlockRange;
import dev.ampconnect.common.sink.store.RegisteredBatch;
import dev.ampconnect.common.sink.store.TableState;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The rows a commit marker holds for one table (no server needed: building rows touches no connection). */
class ChTableLogTest {

    private final ChStateLog log = new ChStateLog(null, "c");
    private final ChTableLog tables = new ChTableLog(log);
    private final ChGeneration generation = new ChGeneration(new TopicPartition("t", 0), 3, "ab", "lineage-1");
    private final ChVersion version = generation.nextVersion();

    private static RegisteredBatch batch(String id, long sequence, boolean complete, String... networks) {
        List<BlockRange> ranges = java.util.Arrays.stream(networks)
                .map(network -> new BlockRange(network, 10, 11, "0xh", "0xp", 1_700_000_000L)).toList();
        return new RegisteredBatch("s", id, sequence, ranges, 5, complete, "session");
    }

    private static String describe(ObjectNode row) {
        return row.get("kind").asText() + ":" + (row.has("batch_id") ? row.get("batch_id").asText() + "/"
                + row.get("network").asText() + "#" + row.get("sequence").asLong() + (row.get("removed").asBoolean()
                ? " removed" : "") : row.get("stream").asText());
    }

    @Test
    void aMarkerHoldsTheStateAndOneRowPerRangeAllWithOneVersion() {
        ChTableLog.Changes changes = new ChTableLog.Changes();
        changes.registered.add(batch("b1", 7, true, "eth", "base"));
        changes.state = new TableState("s", "t-0", "session", List.of("old"), 7, Map.of("eth", 5L));
        List<ObjectNode> rows = tables.changeRows("tx", generation, version, changes);

        assertEquals(List.of("state:s", "batch:b1/eth#7", "batch:b1/base#7"), rows.stream().map(ChTableLogTest::describe).toList());
        for (ObjectNode row : rows) {
            assertEquals("tx", row.get("table_name").asText());
            assertEquals(List.of(3L, "ab", version.seq()), List.of(row.get("epoch").asLong(), row.get("nonce").asText(),
                    row.get("seq").asLong()));
        }
        assertEquals(1, rows.get(2).get("range_index").asInt());
        assertEquals(5, rows.get(0).get("pruned_through").get("eth").asLong());
    }

    @Test
    void aBatchUndoneInTheUnitThatRegisteredItLeavesATombstone() {
        ChTableLog.Changes changes = new ChTableLog.Changes();
        changes.registered.add(batch("b1", 7, false, "eth"));
        changes.removed.add(batch("b1", 7, false, "eth"));
        assertEquals(List.of("batch:b1/eth#7 removed"), tables.changeRows("tx", generation, version, changes).stream()
                .map(ChTableLogTest::describe).toList());
    }

    @Test
    void aBatchRegisteredAgainUnderANewSequenceAfterItsOldCopyWasUndoneStays() {
        ChTableLog.Changes changes = new ChTableLog.Changes();
        changes.removed.add(batch("b1", 7, true, "eth"));
        changes.registered.add(batch("b1", 9, false, "eth"));
        changes.removed.add(batch("b2", 8, true, "eth"));
        assertEquals(List.of("batch:b1/eth#9", "batch:b2/eth#8 removed"), tables.changeRows("tx", generation, version, changes)
                .stream().map(ChTableLogTest::describe).toList());
    }

    @Test
    void versionsOrderByEpochThenNonceThenSequence() {
        assertTrue(new ChVersion(2, "00", 0).compareTo(new ChVersion(1, "ff", 99)) > 0, "a newer epoch wins");
        assertTrue(new ChVersion(2, "ab", 0).compareTo(new ChVersion(2, "aa", 99)) > 0, "then the claim's nonce");
        assertTrue(new ChVersion(2, "ab", 5).compareTo(new ChVersion(2, "ab", 4)) > 0, "then the owner's sequence");
        assertTrue(generation.nextVersion().compareTo(version) > 0);
    }
}
