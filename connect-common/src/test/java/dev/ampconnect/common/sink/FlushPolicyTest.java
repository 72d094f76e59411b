package dev.ampconnect.common.sink;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.sink.buffer.BufferedRecord;
import dev.ampconnect.common.sink.buffer.RecordFormat;
import dev.ampconnect.common.sink.buffer.TableBuffer;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.junit.jupiter.api.Test;

class FlushPolicyTest {

    private static TableBuffer buffer(int records, long bytesEach) {
        TableBuffer buffer = new TableBuffer("t");
        for (int i = 0; i < records; i++) {
            buffer.add(RecordFormat.ROWS, false, Schema.STRING_SCHEMA, new BufferedRecord(null, BufferedRecord.PLAIN, null, 1, bytesEach));
        }
        return buffer;
    }

    @Test
    void aTableFlushesAtItsRowThreshold() {
        FlushPolicy policy = new FlushPolicy(3, 1_000_000, 60_000);
        assertFalse(policy.full(buffer(2, 10)));
        assertTrue(policy.full(buffer(3, 10)));
    }

    @Test
    void aTableFlushesAtItsByteThreshold() {
        FlushPolicy policy = new FlushPolicy(1_000, 100, 60_000);
        assertFalse(policy.full(buffer(2, 40)));
        assertTrue(policy.full(buffer(3, 40)));
        assertTrue(policy.anyFull(List.of(buffer(1, 1), buffer(3, 40))));
    }

    @Test
    void pendingWorkFlushesOnceOldEnough() {
        FlushPolicy policy = new FlushPolicy(1_000, 1_000, 5_000);
        assertFalse(policy.expired(-1, 100_000), "nothing pending");
        assertFalse(policy.expired(10_000, 14_999));
        assertTrue(policy.expired(10_000, 15_000));
    }
}
