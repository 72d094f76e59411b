package dev.ampconnect.common.sink.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.range.BatchId;
import dev.ampconnect.common.range.BlockRange;
import dev.ampconnect.common.sink.store.RegisteredBatch;
import dev.ampconnect.common.sink.store.TableSnapshot;
import dev.ampconnect.common.sink.store.TableState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

class TableRegistryTest {

    private static BlockRange eth(long start, long end) {
        return new BlockRange("eth", start, end, "0x" + end, "0x" + (start - 1));
    }

    private static RegisteredBatch register(TableRegistry registry, BlockRange... ranges) {
        return registry.register(BatchId.of(List.of(ranges)), List.of(ranges), "s1");
    }

    private static TableRegistry boundRegistry() {
        TableRegistry registry = TableRegistry.load("t", TableSnapshot.absent());
        registry.bind("blocks", "topic-0");
        registry.admit("s1", false);
        return registry;
    }

    @Test
    void invalidationRemovesWholeBatchesEndingAtOrAfterItsStart() {
        TableRegistry registry = boundRegistry();
        register(registry, eth(100, 102));
        RegisteredBatch second = register(registry, eth(103, 104));
        RegisteredBatch third = register(registry, eth(105, 106));
        RegisteredBatch fourth = register(registry, eth(107, 108));

        List<RegisteredBatch> removed = registry.invalidate("eth", 104);

        assertEquals(List.of(second, third, fourth), removed);
        assertEquals(102, registry.last("eth").orElseThrow().rangeOn("eth").end());
    }

    @Test
    void invalidationTouchesOnlyItsNetwork() {
        TableRegistry registry = boundRegistry();
        RegisteredBatch eth = register(registry, eth(100, 110));
        RegisteredBatch base = register(registry, new BlockRange("base", 100, 110, "0xb110", "0xb99"));

        List<RegisteredBatch> removed = registry.invalidate("base", 100);

        assertEquals(List.of(base), removed);
        assertEquals(Optional.of(eth), registry.last("eth"));
        assertTrue(registry.last("base").isEmpty());
    }

    @Test
    void changesAfterADrainGoToTheNextUnitAndTheDrainedOnesCountAsStored() {
        TableRegistry registry = boundRegistry();
        RegisteredBatch first = register(registry, eth(100, 102));
        RegistryChanges planned = registry.drain(Map.of());
        // records after the unit was planned (it may still be written): a new batch, then an invalidation of both
        RegisteredBatch later = register(registry, eth(103, 104));
        assertEquals(List.of(first), planned.registered());

        RegistryChanges next = registry.drain(Map.of());
        assertEquals(List.of(later), next.registered());
        assertEquals(later.sequence(), next.state().lastSequence(), "the newer state goes with the next unit");
        assertFalse(registry.hasChanges());

        registry.invalidate("eth", 100);
        assertEquals(List.of(later.sequence(), first.sequence()),
                registry.drain(Map.of()).invalidated().stream().map(RegisteredBatch::sequence).toList(),
                "a drained batch is undone by a later unit even while its own unit may still be written");
    }

    @Test
    void storedBatchesAreQueuedToBeUndoneHighestSequenceFirst() {
        TableRegistry registry = boundRegistry();
        register(registry, eth(100, 102));
        register(registry, eth(103, 104));
        registry.drain(Map.of());
        register(registry, eth(105, 106));

        registry.invalidate("eth", 100);
        RegistryChanges changes = registry.drain(Map.of());

        assertEquals(List.of(2L, 1L), changes.invalidated().stream().map(RegisteredBatch::sequence).toList(),
                "the unstored batch 3 is simply forgotten, stored ones are undone newest first");
        assertTrue(changes.registered().isEmpty());
    }

    @Test
    void sequencesAreNeverReusedAfterAnInvalidation() {
        TableRegistry registry = boundRegistry();
        register(registry, eth(100, 102));
        register(registry, eth(103, 104));
        registry.invalidate("eth", 103);

        RegisteredBatch replay = register(registry, eth(103, 105));

        assertEquals(3, replay.sequence());
        assertEquals(3, registry.state().lastSequence());
    }

    @Test
    void rowCountsOfAUnitAreAddedToTheRegisteredEntries() {
        TableRegistry registry = boundRegistry();
        RegisteredBatch batch = register(registry, eth(100, 102));
        RegistryChanges first = registry.drain(Map.of(batch.sequence(), 250L));
        RegistryChanges second = registry.drain(Map.of(batch.sequence(), 50L));

        assertEquals(250, first.registered().get(0).rows());
        assertEquals(300, second.registered().get(0).rows());
    }

    @Test
    void completionIsStoredOnceAndThenNothingChanges() {
        TableRegistry registry = boundRegistry();
        RegisteredBatch batch = register(registry, eth(100, 102));
        registry.drain(Map.of(batch.sequence(), 3L));
        registry.complete(batch.sequence());

        RegistryChanges changes = registry.drain(Map.of());

        assertTrue(changes.registered().get(0).complete());
        assertEquals(3, changes.registered().get(0).rows());
        assertFalse(registry.hasChanges());
        assertEquals(102, registry.lastCompleteBlock("eth").getAsLong());
    }

    @Test
    void theOpenBatchIsTheLastOneWhenSameIdSameSessionAndIncomplete() {
        TableRegistry registry = boundRegistry();
        RegisteredBatch batch = register(registry, eth(100, 102));

        assertEquals(Optional.of(batch), registry.openBatch(batch.batchId(), "s1"));
        assertTrue(registry.openBatch(batch.batchId(), "s2").isEmpty(), "another session never continues a batch");
        registry.complete(batch.sequence());
        assertTrue(registry.openBatch(batch.batchId(), "s1").isEmpty(), "a complete batch is closed");
    }

    @Test
    void sessionsAreAdoptedRetiredAndRecognised() {
        TableRegistry registry = TableRegistry.load("t", TableSnapshot.absent());
        registry.bind("blocks", "topic-0");

        assertEquals(SessionVerdict.FIRST, registry.admit("s1", false));
        assertEquals(SessionVerdict.CURRENT, registry.admit("s1", false));
        assertEquals(SessionVerdict.NEW_BY_REWIND, registry.admit("s2", true));
        assertEquals(SessionVerdict.RETIRED, registry.admit("s1", false));
        assertEquals(SessionVerdict.NEW_WITHOUT_REWIND, registry.admit("s3", false));
        assertEquals(List.of("s2", "s1"), registry.state().retiredSessions());
    }

    @Test
    void retiredSessionsAreBounded() {
        TableRegistry registry = boundRegistry();
        for (int i = 2; i < 100; i++) {
            registry.admit("s" + i, true);
        }
        assertEquals(TableRegistry.RETIRED_SESSIONS_KEPT, registry.state().retiredSessions().size());
        assertEquals("s98", registry.state().retiredSessions().get(0));
    }

    @Test
    void aSecondStreamIsRefused() {
        TableRegistry registry = boundRegistry();
        ConnectException error = assertThrows(ConnectException.class, () -> registry.bind("logs", "topic-0"));
        assertTrue(error.getMessage().contains("one table holds exactly one stream"), error.getMessage());
    }

    @Test
    void aStreamMovingToAnotherPartitionIsRefused() {
        TableRegistry registry = boundRegistry();
        assertThrows(ConnectException.class, () -> registry.bind("blocks", "topic-1"));
    }

    @Test
    void pruningForgetsBatchesBelowTheWindowButKeepsTheNewest() {
        TableRegistry registry = boundRegistry();
        register(registry, eth(100, 199));
        register(registry, eth(200, 299));
        register(registry, eth(300, 399));
        registry.drain(Map.of());

        registry.prune(150);
        RegistryChanges changes = registry.drain(Map.of());

        assertEquals(List.of(1L), changes.pruned().stream().map(RegisteredBatch::sequence).toList(),
                "199 < 399 - 150; 299 is inside the window");
        assertEquals(Map.of("eth", 199L), changes.state().prunedThrough());
        registry.prune(0);
        assertEquals(3, registry.last("eth").orElseThrow().sequence(), "the newest batch always stays");
    }

    @Test
    void anInvalidationBelowThePrunedHorizonFailsLoudly() {
        TableRegistry registry = boundRegistry();
        register(registry, eth(100, 199));
        register(registry, eth(200, 299));
        registry.prune(50);

        ConnectException error = assertThrows(ConnectException.class, () -> registry.invalidate("eth", 150));
        assertTrue(error.getMessage().contains("pruned through block 199"), error.getMessage());
        assertEquals(1, registry.invalidate("eth", 200).size());
    }

    @Test
    void aLoadedRegistryContinuesWhereTheStoreLeftOff() {
        RegisteredBatch stored = new RegisteredBatch("blocks", BatchId.of(eth(100, 102)), 7, List.of(eth(100, 102)), 3, true, "s1");
        TableState state = new TableState("blocks", "topic-0", "s1", List.of("s0"), 7, Map.of());
        TableRegistry registry = TableRegistry.load("t", new TableSnapshot(Optional.of(state), List.of(stored)));

        assertFalse(registry.isNewTable());
        assertFalse(registry.hasChanges());
        assertEquals(SessionVerdict.RETIRED, registry.admit("s0", false));
        assertEquals(8, register(registry, eth(103, 104)).sequence());
        assertEquals(List.of(stored), registry.invalidate("eth", 101).subList(0, 1));
    }

    @Test
    void aNewTableStoresItsStateWithTheFirstUnit() {
        TableRegistry registry = TableRegistry.load("plain", TableSnapshot.absent());
        assertTrue(registry.isNewTable());
        RegistryChanges changes = registry.drain(Map.of());

        assertNull(changes.state().stream());
        assertFalse(registry.isNewTable(), "from the first unit on, the table counts as the connector's");
        assertNull(registry.drain(Map.of()).state());
    }
}
