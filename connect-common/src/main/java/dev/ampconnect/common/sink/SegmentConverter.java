package dev.ampconnect.common.sink;

import dev.ampconnect.common.sink.buffer.ArrowColumnarBuilder;
import dev.ampconnect.common.sink.buffer.BadRecordSink;
import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.buffer.RecordFormat;
import dev.ampconnect.common.sink.buffer.RowsColumnarBuilder;
import dev.ampconnect.common.sink.buffer.Segment;
import dev.ampconnect.common.sink.buffer.TableBuffer;
import dev.ampconnect.common.sink.store.SinkStore;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Turns buffered segments into columnar batches (rows format: Structs to Arrow; arrow format: IPC slices appended),
 * lets the store prepare each batch ahead ({@link SinkStore#prepare}), and sends records that cannot be converted
 * to the dead letter queue (or fails the task).
 */
final class SegmentConverter {

    private final BufferAllocator allocator;
    private final ErrantRecords errant;
    private final SinkStore store;

    SegmentConverter(BufferAllocator allocator, ErrantRecords errant, SinkStore store) {
        this.allocator = allocator;
        this.errant = errant;
        this.store = store;
    }

    /**
     * Converts every segment of {@code buffer}, in order. Records that cannot be converted are reported and removed
     * from the buffer; the batches are the caller's to close.
     */
    List<ColumnarBatch> convert(TableBuffer buffer) {
        List<ColumnarBatch> batches = new ArrayList<>();
        List<SinkRecord> rejected = new ArrayList<>();
        try {
            for (Segment segment : buffer.segments()) {
                ColumnarBatch batch = build(segment, (record, error) -> {
                    errant.reject(record.record(), error);
                    rejected.add(record.record());
                });
                if (batch != null) {
                    if (!errant.tolerates() && !segment.converting()) {
                        // nothing reads the records' contents any more: let them go (see withRecordOriginsOnly)
                        batch = batch.withRecordOriginsOnly();
                    }
                    batches.add(batch);
                    store.prepare(buffer.table(), batch);
                }
            }
        } catch (RuntimeException | Error e) {
            batches.forEach(ColumnarBatch::close);
            throw e;
        }
        // rejected records are already reported: never convert (or report) them again
        buffer.removeRecords(rejected);
        return batches;
    }

    /** One segment's batch, or null when no record of it could be converted. */
    ColumnarBatch build(Segment segment, BadRecordSink rejected) {
        if (segment.format() == RecordFormat.ROWS) {
            return RowsColumnarBuilder.build(segment, allocator, rejected);
        }
        return ArrowColumnarBuilder.build(segment, allocator, rejected);
    }
}
