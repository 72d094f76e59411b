package dev.ampconnect.common.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.conformance.TestSinkTaskContext;
import dev.ampconnect.common.sink.store.StoreException;
import dev.ampconnect.common.sink.store.TableChange;
import dev.ampconnect.common.sink.store.UnitOfWork;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.BigIntVector;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code buffer.flush.pipelined}: a threshold flush is written on the background writer while the task
 * buffers the next records; its offsets are reported only once it is stored, and a unit that failed
 * there is written again exactly as it was, before the unit planned after it, so nothing is lost or written twice.
 */
class SinkEnginePipelinedTest {

    private static final TopicPartition PARTITION = new TopicPartition("t", 0);
    private static final Schema ROW = SchemaBuilder.struct().name("t.Row").field("id", Schema.INT64_SCHEMA).build();
    private static final long WAIT_SECONDS = 30;

    /** A store whose apply() waits for a permit and records, per attempt, the ids it was given. */
    private static final class GatedStore extends FreshStore {
        final Semaphore permits = new Semaphore(0);
        final BlockingQueue<String> writerThreads = new LinkedBlockingQueue<>();
        final List<List<Long>> stored = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile StoreException failNext;

        @Override
        public void apply(UnitOfWork unit) {
            writerThreads.add(Thread.currentThread().getName());
            try {
                if (!permits.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never let this unit through");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            StoreException failure = failNext;
            if (failure != null) {
                failNext = null;
                throw failure;
            }
            List<Long> ids = new ArrayList<>();
            for (TableChange change : unit.tables()) {
                for (ColumnarBatch batch : change.writes()) {
                    BigIntVector column = (BigIntVector) batch.root().getVector("id");
                    for (int row = 0; row < batch.rowCount(); row++) {
                        ids.add(column.get(row));
                    }
                }
            }
            stored.add(ids);
        }
    }

    private final GatedStore store = new GatedStore();
    private final TestSinkTaskContext context = TestSinkTaskContext.assigned(PARTITION);
    private final List<SinkEngine> engines = new ArrayList<>();

    @AfterEach
    void stop() {
        store.permits.release(100);
        engines.forEach(SinkEngine::close);
    }

    private SinkEngine engine() {
        SinkEngine engine = new SinkEngine(new AmpSinkConfig(Map.of("name", "c", "buffer.flush.rows", "2",
                "buffer.flush.interval.ms", "600000", "retry.backoff.ms", "0")), store, context, Clock.systemUTC());
        engines.add(engine);
        engine.open(List.of(PARTITION));
        return engine;
    }

    private static List<SinkRecord> records(long... ids) {
        List<SinkRecord> records = new ArrayList<>();
        for (long id : ids) {
            records.add(new SinkRecord("t", 0, null, null, ROW, new Struct(ROW).put("id", id), id));
        }
        return records;
    }

    private String awaitWriter() throws InterruptedException {
        String thread = store.writerThreads.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(thread, "the store was never asked to apply a unit");
        return thread;
    }

    @Test
    void aFullBufferIsWrittenInTheBackgroundWhileTheTaskBuffersTheNextRecords() throws InterruptedException {
        SinkEngine engine = engine();

        engine.put(records(0, 1));
        String writer = awaitWriter();
        // the store is still inside apply() (no permit yet), and the task goes on
        engine.put(records(2));
        assertTrue(writer.startsWith("amp-sink-apply-c"), writer);
        assertEquals(0, engine.metrics().rowsWritten(), "nothing counts as written before the store finished");

        store.permits.release(2);
        assertEquals(3L, engine.preCommit().get(PARTITION).offset(), "the commit waited for the unit in flight,"
                + " then flushed the rest");
        assertEquals(List.of(List.of(0L, 1L), List.of(2L)), store.stored);
        assertEquals(3, engine.metrics().rowsWritten());
    }

    @Test
    void anIntervalCutWaitsForTheUnitBeingWrittenWhileTheRecordsKeepBuffering() throws InterruptedException {
        ManualClock clock = new ManualClock();
        SinkEngine engine = new SinkEngine(new AmpSinkConfig(Map.of("name", "c", "buffer.flush.rows", "3",
                "buffer.flush.interval.ms", "1000", "retry.backoff.ms", "0")), store, context, clock);
        engines.add(engine);
        engine.open(List.of(PARTITION));

        engine.put(records(0, 1, 2)); // full: written in the background, held inside apply()
        awaitWriter();
        engine.put(records(3));
        clock.millis += 2_000;
        // the interval is up, but a unit is still being written: no second unit (before, the task planned [3, 4] and
        // blocked on the first write; a store slower than the interval then got one small unit per commit)
        engine.put(records(4));
        assertTrue(store.writerThreads.isEmpty(), "only the first unit reached the store");
        assertEquals(100, context.lastTimeoutMs(), "the task asks for a put() soon, to cut once the write ends");

        store.permits.release(1);
        // the worker's put() calls that the timeout asks for: once the write has ended, the records buffered
        // meanwhile form the next unit
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (store.writerThreads.isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the second unit was never cut");
            engine.put(List.of());
        }
        store.permits.release(1);
        assertEquals(5L, engine.preCommit().get(PARTITION).offset());
        assertEquals(List.of(List.of(0L, 1L, 2L), List.of(3L, 4L)), store.stored);
    }

    @Test
    void aUnitThatFailedInTheBackgroundIsWrittenAgainExactlyAsItWasBeforeTheNextOne() throws InterruptedException {
        SinkEngine engine = engine();
        store.failNext = new StoreException(StoreException.Kind.TRANSIENT, null, "connection reset");

        engine.put(records(0, 1));
        awaitWriter();
        engine.put(records(2)); // buffered while the failing unit is in flight
        store.permits.release(1);
        assertEquals(Map.of(), engine.preCommit(), "the failed unit stored nothing, so no offset is reported");
        assertEquals(List.of(), store.stored);

        store.permits.release(10);
        assertEquals(java.util.Set.of(PARTITION), context.paused(), "no new records while the unit waits for its retry");
        engine.put(List.of()); // the worker's next poll: the failed unit first, as it was, then the next one
        assertEquals(3L, engine.preCommit().get(PARTITION).offset());
        assertEquals(List.of(List.of(0L, 1L), List.of(2L)), store.stored, "one copy of every row, in order, in the same units");
        assertEquals(java.util.Set.of(), context.paused());
        assertEquals(3, engine.metrics().rowsWritten());
    }
}
