package dev.ampconnect.sink.iceberg.store;

import dev.ampconnect.common.sink.store.RegisteredBatch;
import dev.ampconnect.sink.iceberg.write.RowRun;
import java.util.List;
import java.util.Objects;

/**
 * One registry entry as the Iceberg store keeps it: the base's registered batch plus where its rows are.
 *
 * @param batch     the registered batch (sequence, blocks, hashes, rows, completion, session)
 * @param runs      the data file positions of its rows, as written
 * @param relocated whether a foreign commit (compaction) rewrote a file of its rows since: its positions are no
 *                  longer known, an invalidation finds its rows by {@code _amp_batch_seq} instead
 */
record StoredBatch(RegisteredBatch batch, List<RowRun> runs, boolean relocated) {

    StoredBatch {
        Objects.requireNonNull(batch, "batch");
        runs = List.copyOf(runs);
    }

    long sequence() {
        return batch.sequence();
    }
}
