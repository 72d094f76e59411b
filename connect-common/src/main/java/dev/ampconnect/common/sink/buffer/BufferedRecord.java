package dev.ampconnect.common.sink.buffer;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A record waiting in a table buffer.
 *
 * @param record   the record
 * @param sequence registry sequence of its microbatch, or {@link #PLAIN} for a record without amp headers
 * @param batchId  its microbatch's batch id, or {@code null} for a plain record
 * @param rows     rows it carries (1 in the rows format)
 * @param bytes    approximate size, for the buffer's byte threshold
 */
public record BufferedRecord(SinkRecord record, long sequence, String batchId, int rows, long bytes) {

    /** Sequence of a plain record. */
    public static final long PLAIN = -1;

    /** The same entry with a record that keeps only where it came from ({@link ColumnarBatch#originOf}). */
    public BufferedRecord originOnly() {
        return new BufferedRecord(ColumnarBatch.originOf(record), sequence, batchId, rows, bytes);
    }

    /** Whether the record is an amp data record. */
    public boolean isAmp() {
        return sequence != PLAIN;
    }
}
