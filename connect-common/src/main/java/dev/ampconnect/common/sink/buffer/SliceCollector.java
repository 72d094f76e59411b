package dev.ampconnect.common.sink.buffer;

import dev.ampconnect.common.sink.batch.BatchSlice;
import java.util.ArrayList;
import java.util.List;

/** Collects consecutive rows of the same microbatch into {@link BatchSlice}s. */
final class SliceCollector {

    private final List<BatchSlice> slices = new ArrayList<>();
    private long sequence = Long.MIN_VALUE;
    private String batchId;
    private int first;
    private int count;

    void add(long rowSequence, String rowBatchId, int row, int rows) {
        if (count > 0 && rowSequence == sequence && row == first + count) {
            count += rows;
            return;
        }
        close();
        sequence = rowSequence;
        batchId = rowBatchId;
        first = row;
        count = rows;
    }

    List<BatchSlice> slices() {
        close();
        return slices;
    }

    private void close() {
        if (count > 0) {
            slices.add(new BatchSlice(sequence, batchId, first, count));
            count = 0;
        }
    }
}
