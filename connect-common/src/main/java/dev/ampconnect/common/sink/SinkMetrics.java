package dev.ampconnect.common.sink;

import dev.ampconnect.common.metrics.MetricRegistration;
import dev.ampconnect.common.metrics.TaskMetricRegistrations;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * The sink task's counters and gauges. Always kept (tests and logs read them); published through
 * Connect's plugin metrics where the worker has them (Kafka 4.1+), silently not on older workers.
 */
public final class SinkMetrics {

    private final LongAdder rowsWritten = new LongAdder();
    private final LongAdder flushes = new LongAdder();
    private final LongAdder batchesCompleted = new LongAdder();
    private final LongAdder invalidations = new LongAdder();
    private final LongAdder rowsDeleted = new LongAdder();
    private final LongAdder implicitRewinds = new LongAdder();
    private final LongAdder zombieRecordsDropped = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final Map<String, AtomicLong> lastCompleteBlocks = new ConcurrentHashMap<>();
    private MetricRegistration registration;

    /** Publishes the metrics on the task's plugin metrics when the worker supports them. */
    void bind(SinkTaskContext context, LongSupplier bufferedRows, LongSupplier arrowBytes, LongSupplier commitLagMs) {
        registration = TaskMetricRegistrations.sink(context).orElse(null);
        if (registration == null) {
            return;
        }
        LinkedHashMap<String, String> none = new LinkedHashMap<>();
        registration.gauge("rows-written-total", "Rows written to the store", none, rowsWritten::sum);
        registration.gauge("flushes-total", "Units of work applied to the store", none, flushes::sum);
        registration.gauge("batches-completed-total", "Microbatches whose watermark arrived", none, batchesCompleted::sum);
        registration.gauge("invalidations-total", "Invalidations (reorg or rewind) applied, implicit ones included", none,
                invalidations::sum);
        registration.gauge("rows-deleted-total", "Rows of invalidated batches removed", none, rowsDeleted::sum);
        registration.gauge("implicit-rewinds-total", "Batches that restarted at or before the last stored block without an"
                + " invalidation", none, implicitRewinds::sum);
        registration.gauge("zombie-records-dropped-total", "Records of a replaced source session dropped", none,
                zombieRecordsDropped::sum);
        registration.gauge("retries-total", "Transient store failures retried", none, retries::sum);
        registration.gauge("dead-letter-records-total", "Bad records sent to the dead letter queue (errors.tolerance=all)",
                none, deadLettered::sum);
        registration.gauge("buffered-rows", "Rows buffered and not yet stored", none, bufferedRows::getAsLong);
        registration.gauge("arrow-allocated-bytes", "Arrow direct memory held by the task", none, arrowBytes::getAsLong);
        registration.gauge("commit-lag-ms", "Age of the newest stored record (now minus its Kafka timestamp)", none,
                commitLagMs::getAsLong);
    }

    void close() {
        if (registration != null) {
            registration.close();
            registration = null;
        }
    }

    void rowsWritten(long rows) {
        rowsWritten.add(rows);
    }

    void flushed() {
        flushes.increment();
    }

    void batchCompleted() {
        batchesCompleted.increment();
    }

    void invalidation() {
        invalidations.increment();
    }

    void rowsDeleted(long rows) {
        rowsDeleted.add(rows);
    }

    void implicitRewind() {
        implicitRewinds.increment();
    }

    void zombieRecordDropped() {
        zombieRecordsDropped.increment();
    }

    void retried() {
        retries.increment();
    }

    void deadLetteredOne() {
        deadLettered.increment();
    }

    /** Records the last complete block of a table's network, publishing a gauge the first time. */
    void lastCompleteBlock(String table, String network, long block) {
        String key = table + "\u0000" + network;
        AtomicLong value = lastCompleteBlocks.get(key);
        if (value == null) {
            AtomicLong created = new AtomicLong(block);
            lastCompleteBlocks.put(key, created);
            if (registration != null) {
                LinkedHashMap<String, String> tags = new LinkedHashMap<>();
                tags.put("table", table);
                tags.put("network", network);
                registration.gauge("last-complete-block", "Highest block of a complete stored batch", tags, created::get);
            }
            return;
        }
        value.set(block);
    }

    public long rowsWritten() {
        return rowsWritten.sum();
    }

    public long flushes() {
        return flushes.sum();
    }

    public long batchesCompleted() {
        return batchesCompleted.sum();
    }

    public long invalidations() {
        return invalidations.sum();
    }

    public long rowsDeleted() {
        return rowsDeleted.sum();
    }

    public long implicitRewinds() {
        return implicitRewinds.sum();
    }

    public long zombieRecordsDropped() {
        return zombieRecordsDropped.sum();
    }

    public long retries() {
        return retries.sum();
    }

    public long deadLettered() {
        return deadLettered.sum();
    }

    /** The last complete block of a table's network, or -1. */
    public long lastCompleteBlock(String table, String network) {
        AtomicLong value = lastCompleteBlocks.get(table + "\u0000" + network);
        return value == null ? -1 : value.get();
    }

    /** Whether the metrics are published on the worker. */
    public boolean published() {
        return registration != null;
    }
}
