package dev.ampconnect.common.sink.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.sink.conformance.FaultInjectingStore.Failure;
import dev.ampconnect.common.sink.store.CommitScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;

/**
 * The fault-injection suite every sink inherits: a unit of work is stopped between any two of its steps (after the
 * rows, before the offsets; after one table, before the next; after the deletes, before the registry; after a commit
 * whose reply is lost), then the task either retries it in place (a transient failure) or fails and a new task
 * starts from what the store holds. Whatever the store's commit scope, the tables end exactly as in a run without
 * failures: no row lost, none duplicated, every invalidation applied.
 *
 * <p>The scenario: two streams on one partition into two tables ({@code table.name.format=${topic}_${stream}}), small
 * units so most hold rows of both tables, and a reorg of the first stream followed by its new fork.
 */
public abstract class SinkFaultConformance extends ConformanceSupport {

    private static final Map<String, String> SETTINGS = Map.of("table.name.format", "${topic}_${stream}",
            "buffer.flush.rows", "5");

    private List<String> tables() {
        return List.of(topic + "_a", topic + "_b");
    }

    private void scenario() {
        ChainStream a = new ChainStream(log, topic, "a", "eth");
        ChainStream b = new ChainStream(log, topic, "b", "eth");
        a.batch(100, 101, 2);
        b.batch(100, 100, 3);
        a.batch(102, 103, 2);
        b.batch(101, 102, 2);
        a.reorg(102, 103);
        a.fork(102, "f1");
        a.batch(102, 104, 2);
        b.batch(103, 103, 3);
        a.batch(105, 105, 1);
    }

    /** Per table, every row as id and batch id, sorted. */
    private Map<String, List<String>> contents() {
        Map<String, List<String>> contents = new TreeMap<>();
        for (String table : tables()) {
            List<String> rows = new ArrayList<>();
            for (Map<String, Object> row : probe().rows(table, ChainStream.ROW_SCHEMA, "id")) {
                rows.add(row.get("id") + "@" + row.get("_amp_batch_id"));
            }
            rows.sort(String::compareTo);
            contents.put(table, rows);
        }
        return contents;
    }

    @Test
    void aFailureBetweenAnyTwoStepsThenARestartLeavesTheStoreExact() {
        everyFaultPoint(Failure.FATAL);
    }

    @Test
    void aFailureBetweenAnyTwoStepsRetriedInPlaceLeavesTheStoreExact() {
        everyFaultPoint(Failure.TRANSIENT);
    }

    private void everyFaultPoint(Failure failure) {
        scenario();
        FaultInjectingStore[] reference = new FaultInjectingStore[1];
        SinkTaskDriver clean = task("reference", SETTINGS, store -> reference[0] = new FaultInjectingStore(store, 0, failure));
        clean.deliver().commit();
        clean.stop();
        Map<String, List<String>> expected = contents();
        assertEquals(List.of(11, 10), expected.values().stream().map(List::size).toList(),
                "the reference run: table a holds blocks 100-101, the fork's 102-104 and 105; table b 100-103");
        int steps = reference[0].steps();
        assertTrue(steps >= 10, "the scenario takes several units: " + reference[0].log());
        CommitScope scope = reference[0].commitScope();

        for (int step = 1; step <= steps; step++) {
            probe().reset();
            String connector = "fault-" + failure.name().toLowerCase(java.util.Locale.ROOT) + "-" + step;
            int failAt = step;
            FaultInjectingStore[] faulty = new FaultInjectingStore[1];
            SinkTaskDriver first = task(connector, SETTINGS, store -> faulty[0] = new FaultInjectingStore(store, failAt, failure));
            try {
                first.deliver();
                first.commit();
                first.idle();
            } catch (RuntimeException expectedForFatal) {
                // the task failed at the injected fault; a new one takes over below
            }
            first.crash();

            SinkTaskDriver second = task(connector, SETTINGS);
            second.deliver();
            assertEquals(Map.of(partition(), new OffsetAndMetadata(log.endOffset(partition()))), second.commit(),
                    scope + " scope, fault at step " + step + ": every record is stored");
            assertEquals(expected, contents(), scope + " scope, " + failure + " fault at step " + step + " of "
                    + faulty[0].log());
            second.stop();
        }
    }
}
