package dev.ampconnect.sink.iceberg.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.sink.store.OffsetCommit;
import dev.ampconnect.common.sink.store.StoreException;
import dev.ampconnect.common.sink.store.TableState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The table property values of the sink's state, and the checks a commit makes on them. */
class PropertyCodecsTest {

    private static final TopicPartition P0 = new TopicPartition("eth.blocks", 0);
    private static final TopicPartition P1 = new TopicPartition("eth.blocks", 1);

    @Test
    void partitionEntriesAreReadableJsonAndMarksNeverGoBack() {
        PartitionEntry entry = new PartitionEntry(3, 1_200L, 1_180L);
        assertEquals("{\"epoch\":3,\"next\":1200,\"mark\":1180}", entry.encode());
        assertEquals(entry, PartitionEntry.decode(entry.encode()));
        assertEquals(new PartitionEntry(1, null, null), PartitionEntry.decode("{\"epoch\":1}"));
        assertNull(PartitionEntry.decode(null));
        assertEquals(1_180L, entry.withMark(1_000).mark());
        assertEquals(1_300L, entry.withMark(1_300).mark());
    }

    @Test
    void tableStateRoundTrips() {
        TableState state = new TableState("blocks", "eth.blocks-0", "s3", List.of("s2", "s1"), 42, Map.of("eth", 100L));
        assertEquals(state, TableStateCodec.decode(TableStateCodec.encode(state)));
        TableState plain = new TableState(null, null, null, List.of(), 0, Map.of());
        assertEquals(plain, TableStateCodec.decode(TableStateCodec.encode(plain)));
    }

    @Test
    void keysOfConnectorsAndTopicsWithDotsNeverCollide() {
        SinkKeys a = new SinkKeys("a");
        SinkKeys ab = new SinkKeys("a.offsets.t");
        assertEquals("amp.sink.a.offsets.eth%2Eblocks.0", a.partition(P0));
        assertNotEquals(a.partition(new TopicPartition("t.state", 0)), ab.state());
        assertEquals("amp.sink.a%2Eoffsets%2Et.state", ab.state());
    }

    private static Map<TopicPartition, PartitionEntry> stored(Long p0, Long p1) {
        Map<TopicPartition, PartitionEntry> entries = new HashMap<>();
        entries.put(P0, p0 == null ? null : new PartitionEntry(1, p0, null));
        entries.put(P1, p1 == null ? null : new PartitionEntry(1, p1, null));
        return entries;
    }

    @Test
    void storedOffsetsTellANewCommitFromOneWhoseReplyWasLost() {
        Map<TopicPartition, OffsetCommit> commit = Map.of(P0, new OffsetCommit(20, 1, 10L), P1, new OffsetCommit(7, 1, null));
        assertEquals(false, OffsetChecks.alreadyApplied("t", commit, stored(10L, null)));
        assertEquals(true, OffsetChecks.alreadyApplied("t", commit, stored(20L, 7L)));
        StoreException moved = assertThrows(StoreException.class, () -> OffsetChecks.alreadyApplied("t", commit, stored(15L, null)));
        assertEquals(StoreException.Kind.FATAL, moved.kind());
        StoreException half = assertThrows(StoreException.class, () -> OffsetChecks.alreadyApplied("t", commit, stored(20L, null)));
        assertTrue(half.getMessage().contains("only 1 of"), half.getMessage());
    }

    @Test
    void anotherEpochOrAVanishedEntryIsFenced() {
        OffsetChecks.owned("t", P0, new PartitionEntry(4, 10L, null), 4L, false);
        OffsetChecks.owned("t", P0, null, 77L, true);
        StoreException newer = assertThrows(StoreException.class,
                () -> OffsetChecks.owned("t", P0, new PartitionEntry(5, 10L, null), 4L, false));
        assertEquals(StoreException.Kind.FENCED, newer.kind());
        StoreException created = assertThrows(StoreException.class,
                () -> OffsetChecks.owned("t", P0, new PartitionEntry(12, null, null), 77L, true));
        assertTrue(created.getMessage().contains("created by another task"), created.getMessage());
        StoreException vanished = assertThrows(StoreException.class, () -> OffsetChecks.owned("t", P0, null, 4L, false));
        assertEquals(StoreException.Kind.FENCED, vanished.kind());
    }
}
