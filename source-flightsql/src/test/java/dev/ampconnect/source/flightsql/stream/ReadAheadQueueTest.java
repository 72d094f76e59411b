package dev.ampconnect.source.flightsql.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.contract.RecordKind;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class ReadAheadQueueTest {

    private static PendingRecord pending(long bytes) {
        return new PendingRecord(new SourceRecord(null, null, "t", 0, null, null), RecordKind.DATA, bytes, HandOver.NONE);
    }

    @Test
    void aReaderBlocksWhileTheQueueIsFullAndResumesWhenPollTakesOne() throws Exception {
        ReadAheadQueue queue = new ReadAheadQueue(2, 1_000_000);
        queue.put(pending(10));
        queue.put(pending(10));
        CountDownLatch putDone = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try {
                queue.put(pending(10));
                putDone.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        reader.start();
        assertEquals(false, putDone.await(200, TimeUnit.MILLISECONDS), "third record must wait");
        queue.removeHead();
        assertTrue(putDone.await(5, TimeUnit.SECONDS));
        assertEquals(2, queue.size());
        reader.join();
    }

    @Test
    void theByteBoundAdmitsOneOversizedRecordIntoAnEmptyQueue() throws Exception {
        ReadAheadQueue queue = new ReadAheadQueue(100, 50);
        queue.put(pending(80));
        assertEquals(80, queue.bytes());
        queue.removeHead();
        assertEquals(0, queue.bytes());
    }

    @Test
    void failuresQueueBehindRecordsWithoutBlocking() throws Exception {
        ReadAheadQueue queue = new ReadAheadQueue(1, 1_000);
        PendingRecord first = pending(1);
        queue.put(first);
        StreamFailure failure = new StreamFailure("s", new ConnectException("boom"));
        queue.putFailure(failure);
        assertSame(first, queue.awaitHead(10));
        queue.removeHead();
        assertSame(failure, queue.peek());
    }

    @Test
    void awaitHeadTimesOutOnAnEmptyQueue() throws Exception {
        assertNull(new ReadAheadQueue(1, 1_000).awaitHead(20));
    }
}
