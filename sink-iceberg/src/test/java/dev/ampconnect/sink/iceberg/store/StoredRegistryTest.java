package dev.ampconnect.sink.iceberg.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.range.BlockRange;
import dev.ampconnect.common.sink.store.RegisteredBatch;
import dev.ampconnect.sink.iceberg.write.DataFileRef;
import dev.ampconnect.sink.iceberg.write.RowRun;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StoredRegistryTest {

    private static RegisteredBatch batch(long sequence, String id, long rows, boolean complete) {
        return new RegisteredBatch("blocks", id, sequence, List.of(new BlockRange("eth", sequence, sequence, "h" + sequence,
                null)), rows, complete, "s1");
    }

    @Test
    void aBatchSpanningSeveralCommitsKeepsTheRunsOfEach() {
        StoredRegistry registry = StoredRegistry.empty();
        registry.upsert(batch(1, "a", 2, false), List.of(new RowRun("f1", 0, 2)));
        registry.upsert(batch(1, "a", 5, true), List.of(new RowRun("f2", 0, 3)));

        StoredBatch entry = registry.get(1);
        assertEquals(5, entry.batch().rows());
        assertTrue(entry.batch().complete());
        assertEquals(List.of(new RowRun("f1", 0, 2), new RowRun("f2", 0, 3)), entry.runs());
    }

    @Test
    void theSameBatchIdUnderAnotherSequenceReplacesTheEntryAsAnUpsertByBatchIdWould() {
        StoredRegistry registry = StoredRegistry.empty();
        registry.upsert(batch(1, "a", 2, true), List.of(new RowRun("f1", 0, 2)));
        registry.upsert(batch(2, "a", 2, true), List.of(new RowRun("f2", 0, 2)));

        assertNull(registry.get(1));
        assertEquals(List.of(new RowRun("f2", 0, 2)), registry.get(2).runs());
    }

    @Test
    void filesRemovedByAnotherWriterMakeTheirBatchesRelocatedAndAreForgotten() {
        StoredRegistry registry = StoredRegistry.empty();
        registry.addFile(new DataFileRef("f1", 0, "", 4, 10));
        registry.addFile(new DataFileRef("f2", 0, "", 4, 10));
        registry.upsert(batch(1, "a", 2, true), List.of(new RowRun("f1", 0, 2)));
        registry.upsert(batch(2, "b", 4, true), List.of(new RowRun("f1", 2, 2), new RowRun("f2", 0, 2)));
        registry.upsert(batch(3, "c", 2, true), List.of(new RowRun("f2", 2, 2)));

        assertEquals(2, registry.relocate(Set.of("f1")));

        assertTrue(registry.get(1).relocated());
        assertEquals(List.of(), registry.get(1).runs());
        assertTrue(registry.get(2).relocated());
        assertEquals(List.of(new RowRun("f2", 0, 2)), registry.get(2).runs(), "what is still at its place stays");
        assertFalse(registry.get(3).relocated());
        assertNull(registry.file("f1"));
        assertEquals(Set.of("f2"), registry.referencedFiles());
    }

    @Test
    void filesNoEntryPointsAtAreDropped() {
        StoredRegistry registry = StoredRegistry.empty();
        registry.addFile(new DataFileRef("f1", 0, "", 4, 10));
        registry.addFile(new DataFileRef("f2", 0, "", 4, 10));
        registry.upsert(batch(1, "a", 2, true), List.of(new RowRun("f1", 0, 2)));
        registry.upsert(batch(2, "b", 2, true), List.of(new RowRun("f2", 0, 2)));
        registry.remove(2);
        registry.dropUnreferencedFiles();

        assertEquals(Set.of("f1"), registry.files().keySet());
    }

    @Test
    void overlappingRunsAreMergedSoNoPositionIsDeletedTwice() {
        assertEquals(List.of(new RowRun("f", 0, 10), new RowRun("f", 12, 3)), UndoDeletes.disjoint(List.of(
                new RowRun("f", 5, 5), new RowRun("f", 0, 6), new RowRun("f", 12, 3), new RowRun("f", 9, 1))));
    }
}
