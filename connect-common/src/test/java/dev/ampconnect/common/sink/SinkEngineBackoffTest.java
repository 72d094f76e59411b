package dev.ampconnect.common.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.sink.conformance.TestSinkTaskContext;
import dev.ampconnect.common.sink.store.StoreException;
import dev.ampconnect.common.sink.store.UnitOfWork;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/**
 * A store outage: the task keeps the failed unit, pauses its partitions and retries after each backoff step, which
 * holds even when the worker calls put() early. A real worker cuts {@code SinkTaskContext.timeout}
 * at its next offset commit, so with {@code offset.flush.interval.ms=1000} a store that is down for 30 s used
 * to spend {@code max.retries=10} in ~10 s and fail the task (found by packaging's DatabaseOutageIT).
 */
class SinkEngineBackoffTest {

    private static final TopicPartition PARTITION = new TopicPartition("t", 0);
    private static final Schema ROW = SchemaBuilder.struct().name("t.Row").field("id", Schema.INT64_SCHEMA).build();

    /** A store whose apply() fails transiently while {@link #down}, counting every call. */
    private static final class FlakyStore extends FreshStore {
        boolean down;
        int applies;

        @Override
        public void apply(UnitOfWork unit) {
            applies++;
            if (down) {
                throw new StoreException(StoreException.Kind.TRANSIENT, null, "connection refused");
            }
        }
    }

    private final FlakyStore store = new FlakyStore();
    private final ManualClock clock = new ManualClock();
    private final TestSinkTaskContext context = TestSinkTaskContext.assigned(PARTITION);

    private SinkEngine engine(int maxRetries) {
        // in-line flushes: each put() sees its own unit's failure (the pipelined path: SinkEnginePipelinedTest)
        SinkEngine engine = new SinkEngine(new AmpSinkConfig(Map.of("name", "c", "buffer.flush.rows", "1",
                "buffer.flush.pipelined", "false", "max.retries", String.valueOf(maxRetries), "retry.backoff.ms", "1000",
                "retry.backoff.max.ms", "8000")),
                store, context, clock);
        engine.open(List.of(PARTITION));
        return engine;
    }

    private static List<SinkRecord> batch() {
        return List.of(new SinkRecord("t", 0, null, null, ROW, new Struct(ROW).put("id", 1L), 0));
    }

    @Test
    void aStoreOutagePausesThePartitionsAndTheTaskRetriesTheSameUnitAfterEachBackoff() {
        SinkEngine engine = engine(2);
        store.down = true;

        engine.put(batch());
        assertEquals(1, store.applies);
        assertEquals(Set.of(PARTITION), context.paused(), "no new records while the store is down");
        assertEquals(1000, context.lastTimeoutMs(), "the worker is asked to call put() again after the backoff");

        // the worker calls put() with nothing (its partitions are paused) at its next offset commit, here every 300 ms
        for (int early = 1; early <= 3; early++) {
            clock.millis += 300;
            engine.put(List.of());
            assertEquals(1000 - 300 * early, context.lastTimeoutMs(), "the rest of the backoff is asked for again");
        }
        engine.preCommit();
        assertEquals(1, store.applies, "no attempt, from put() or preCommit(), before the backoff ended");

        clock.millis += 100;
        engine.put(List.of());
        assertEquals(2, store.applies, "the attempt after the backoff");
        assertEquals(2000, context.lastTimeoutMs(), "the next backoff doubles");

        clock.millis += 2000;
        store.down = false;
        engine.put(List.of());
        assertEquals(3, store.applies);
        assertEquals(Set.of(), context.paused(), "the partitions resume once the unit is stored");
        assertEquals(Map.of(PARTITION, 1L), Map.of(PARTITION, engine.preCommit().get(PARTITION).offset()));
    }

    @Test
    void bufferedRowsAskTheWorkerForAPutWhenTheFlushIntervalIsUp() {
        SinkEngine engine = new SinkEngine(new AmpSinkConfig(Map.of("name", "c", "buffer.flush.interval.ms", "5000",
                "buffer.flush.pipelined", "false")), store, context, clock);
        engine.open(List.of(PARTITION));

        engine.put(batch());
        assertEquals(0, store.applies, "one row: below every threshold");
        assertEquals(5000, context.lastTimeoutMs(), "without it the next put() comes with the next records or commit");
        clock.millis += 4000;
        engine.put(List.of());
        assertEquals(1000, context.lastTimeoutMs(), "the rest of the interval");
        clock.millis += 1000;
        engine.put(List.of());
        assertEquals(1, store.applies, "written when the interval is up, with no new record and no offset commit");
    }

    @Test
    void theBudgetCountsAttemptsAfterBackoffsSoItLastsAsLongAsTheBackoffsAddUpTo() {
        SinkEngine engine = engine(3);
        store.down = true;
        long start = clock.millis;
        RuntimeException last = null;
        engine.put(batch());
        // the worker calls put() every 1 s (offset.flush.interval.ms=1000) until the task fails
        while (last == null && clock.millis - start <= 60_000) {
            clock.millis += 1000;
            try {
                engine.put(List.of());
            } catch (RuntimeException e) {
                last = e;
            }
        }
        assertNotNull(last, "max.retries=3 must run out");
        assertFalse(last instanceof RetriableException);
        assertTrue(last.getMessage().contains("failed 4 times in a row (max.retries=3); giving up"), last.getMessage());
        assertEquals(4, store.applies, "1 attempt + 3 retries");
        // backoffs 1 + 2 + 4 s: the task fails on the attempt 7 s after the first, not after 3 s
        assertEquals(7_000, clock.millis - start);
    }
}
