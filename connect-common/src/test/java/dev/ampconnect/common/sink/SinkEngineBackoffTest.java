package dev.ampconnect.common.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ampconnect.common.sink.conformance.TestSinkTaskContext;
import dev.ampconnect.common.sink.store.StoreException;
import dev.ampconnect.common.sink.store.UnitOfWork;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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
 * The retry backoff holds even when Connect redelivers early. A real worker cuts {@code SinkTaskContext.timeout}
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

    /** A clock the test moves. */
    private static final class ManualClock extends Clock {
        long millis = 1_000_000;

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
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
    void anEarlyRedeliveryNeitherTouchesTheStoreNorSpendsARetry() {
        SinkEngine engine = engine(2);
        store.down = true;

        assertThrows(RetriableException.class, () -> engine.put(batch()));
        assertEquals(1, store.applies);
        assertEquals(1000, context.lastTimeoutMs());

        // the worker redelivers after 1 s at most (its next offset commit), here after 300 ms: thrice
        for (int early = 1; early <= 3; early++) {
            clock.millis += 300;
            assertThrows(RetriableException.class, () -> engine.put(batch()));
            assertEquals(1000 - 300 * early, context.lastTimeoutMs(), "the rest of the backoff is asked for again");
        }
        engine.preCommit();
        assertEquals(1, store.applies, "no attempt, from put() or preCommit(), before the backoff ended");

        clock.millis += 100;
        assertInstanceOf(RetriableException.class, assertThrows(RuntimeException.class, () -> engine.put(batch())));
        assertEquals(2, store.applies, "the attempt after the backoff");
        assertEquals(2000, context.lastTimeoutMs(), "the next backoff doubles");

        clock.millis += 2000;
        store.down = false;
        engine.put(batch());
        assertEquals(3, store.applies);
        assertEquals(Map.of(PARTITION, 1L), Map.of(PARTITION, engine.preCommit().get(PARTITION).offset()));
    }

    @Test
    void theBudgetCountsAttemptsAfterBackoffsSoItLastsAsLongAsTheBackoffsAddUpTo() {
        SinkEngine engine = engine(3);
        store.down = true;
        long start = clock.millis;
        RuntimeException last = null;
        // the worker redelivers every 1 s (offset.flush.interval.ms=1000) until the task fails
        while (last == null || last instanceof RetriableException) {
            try {
                engine.put(batch());
            } catch (RuntimeException e) {
                last = e;
            }
            clock.millis += 1000;
            if (clock.millis - start > 60_000) {
                break;
            }
        }
        assertFalse(last instanceof RetriableException, "max.retries=3 must run out");
        assertEquals(4, store.applies, "1 attempt + 3 retries");
        // backoffs 1 + 2 + 4 s: the task fails on the attempt 7 s after the first, not after 3 s
        assertEquals(8_000, clock.millis - start);
    }
}
