package dev.ampconnect.sink.iceberg.write;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The threads that encode one batch's rows into Parquet ({@code iceberg.write.threads}). Encoding is the sink's
 * most expensive step and Parquet writes a file on one thread, so a batch of at least {@code 2 ×}
 * {@link #MIN_ROWS_PER_THREAD} rows is cut into contiguous row ranges, each written into its own data files by its
 * own thread: the thread that writes the batch takes the last range, the others go to this pool. Smaller batches
 * (a live tail's) are written on one thread into one file per partition, as with one thread.
 */
public final class WriteThreads implements AutoCloseable {

    /** No range (so no data file of a split batch) gets fewer rows than this. */
    public static final int MIN_ROWS_PER_THREAD = 100_000;

    private final int threads;
    private final ExecutorService helpers;

    private WriteThreads(int threads, ExecutorService helpers) {
        this.threads = threads;
        this.helpers = helpers;
    }

    /** Every batch on the calling thread. */
    public static WriteThreads single() {
        return new WriteThreads(1, null);
    }

    /**
     * @param threads threads per batch, the calling thread included ({@code 1}: no pool)
     * @param name    prefix of the pool's thread names (the connector's name)
     */
    public static WriteThreads of(int threads, String name) {
        if (threads < 1) {
            throw new IllegalArgumentException("write threads must be at least 1, got " + threads);
        }
        if (threads == 1) {
            return single();
        }
        int[] index = {0};
        ExecutorService pool = Executors.newFixedThreadPool(threads - 1, runnable -> {
            Thread thread = new Thread(runnable, "amp-iceberg-write-" + name + "-" + (++index[0]));
            thread.setDaemon(true);
            return thread;
        });
        return new WriteThreads(threads, pool);
    }

    /** Threads per batch, the calling thread included. */
    public int threads() {
        return threads;
    }

    /**
     * The row ranges {@code [from, to)} a batch of {@code rowCount} rows is written in, in row order: one per thread,
     * as even as they come, but never more than every range can fill with {@link #MIN_ROWS_PER_THREAD} rows.
     */
    public List<int[]> split(int rowCount) {
        int ranges = Math.max(1, Math.min(threads, rowCount / MIN_ROWS_PER_THREAD));
        List<int[]> split = new ArrayList<>(ranges);
        for (int i = 0; i < ranges; i++) {
            split.add(new int[] {(int) ((long) rowCount * i / ranges), (int) ((long) rowCount * (i + 1) / ranges)});
        }
        return split;
    }

    /** Runs a range on a pool thread. */
    Future<?> submit(Runnable range) {
        if (helpers == null) {
            throw new IllegalStateException("a single write thread has no pool");
        }
        return helpers.submit(range);
    }

    @Override
    public void close() {
        if (helpers != null) {
            helpers.shutdown();
        }
    }
}
