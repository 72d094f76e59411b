package dev.ampconnect.source.flightsql.metrics;

import dev.ampconnect.common.metrics.MetricRegistration;
import dev.ampconnect.common.range.BlockRange;
import java.util.LinkedHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * One stream's counters and gauges. Written by the stream's reader thread (what arrived from the server)
 * and by {@code poll()} (what was handed to the worker), read by the worker's metric reporters: every
 * field is atomic or volatile. Kept whether or not the worker publishes them (tests read them).
 *
 * <p>Published tags: {@code stream} on every metric, plus {@code network} on the watermark and lag gauges,
 * which are registered with the first watermark handed over (the network is known from then on).
 */
public final class StreamMetrics {

    private final String stream;
    private final MetricRegistration registration;
    private final LongSupplier nowMillis;
    private final LongAdder records = new LongAdder();
    private final LongAdder rows = new LongAdder();
    private final LongAdder microbatches = new LongAdder();
    private final LongAdder reorgs = new LongAdder();
    private final LongAccumulator deepestReorg = new LongAccumulator(Math::max, 0);
    private final LongAdder rewinds = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private final LongAdder nothingSyncedAnswers = new LongAdder();
    private volatile long microbatchLatencyMs = -1;
    private volatile long announcedEnd = -1;
    private volatile BlockRange lastWatermark;
    private boolean networkGaugesRegistered;

    /**
     * @param registration where to publish, or {@code null} on a worker without plugin metrics
     * @param nowMillis    wall clock, for the lag in seconds
     */
    StreamMetrics(String stream, MetricRegistration registration, LongSupplier nowMillis) {
        this.stream = stream;
        this.registration = registration;
        this.nowMillis = nowMillis;
        if (registration != null) {
            LinkedHashMap<String, String> tags = new LinkedHashMap<>();
            tags.put("stream", stream);
            registration.gauge("records-total", "Records of the stream handed to the worker by poll() (data, "
                    + "watermarks and invalidations)", tags, records::sum);
            registration.gauge("rows-total", "Data rows in the records handed to the worker", tags, rows::sum);
            registration.gauge("microbatches-total", "Microbatches whose watermark was handed to the worker", tags,
                    microbatches::sum);
            registration.gauge("microbatch-latency-ms", "The last microbatch's time from its first message from the "
                    + "server to its watermark handed to the worker; -1 before the first", tags, () -> microbatchLatencyMs);
            registration.gauge("reorgs-total", "Reorgs detected (backwards jumps of the stream)", tags, reorgs::sum);
            registration.gauge("reorg-max-depth-blocks", "The deepest reorg detected: blocks from the first re-sent "
                    + "block to the newest block seen before it; 0 before the first", tags, deepestReorg::get);
            registration.gauge("rewinds-total", "Sessions opened, each starting with a rewind invalidation (task start, "
                    + "every reconnect)", tags, rewinds::sum);
            registration.gauge("reconnects-total", "Reconnects to the amp server, after a transient error or a reorg",
                    tags, reconnects::sum);
            registration.gauge("nothing-synced-total", "Answers of the amp server that it has no data for the query "
                    + "yet (the query is sent again after the reconnect backoff)", tags, nothingSyncedAnswers::sum);
        }
    }

    /** A message arrived whose range ends at {@code endBlock}: the newest block the server has announced. */
    public void announced(long endBlock) {
        announcedEnd = endBlock;
    }

    /** A reorg was detected; {@code depthBlocks} from the first re-sent block to the newest seen before it. */
    public void reorgDetected(long depthBlocks) {
        reorgs.increment();
        deepestReorg.accumulate(depthBlocks);
    }

    /** A session opened (its rewind is the first record). */
    public void sessionOpened() {
        rewinds.increment();
    }

    /** The reader is about to reconnect. */
    public void reconnecting() {
        reconnects.increment();
    }

    /** The server answered that it has no data for the query yet; the reader will poll again. */
    public void nothingSynced() {
        nothingSyncedAnswers.increment();
    }

    /** poll() handed a control record (invalidation) to the worker. */
    public void controlHandedOver() {
        records.increment();
    }

    /** poll() handed a data record of {@code rowCount} rows to the worker. */
    public void dataHandedOver(int rowCount) {
        records.increment();
        rows.add(rowCount);
    }

    /**
     * poll() handed the watermark of the microbatch {@code range} (its first range) to the worker.
     *
     * @param firstMessageNanos when the microbatch's first message arrived ({@link System#nanoTime()})
     * @param nowNanos          now, same clock
     */
    public void watermarkHandedOver(BlockRange range, long firstMessageNanos, long nowNanos) {
        records.increment();
        microbatches.increment();
        microbatchLatencyMs = TimeUnit.NANOSECONDS.toMillis(nowNanos - firstMessageNanos);
        lastWatermark = range;
        if (registration != null && !networkGaugesRegistered) {
            networkGaugesRegistered = true; // poll() is the only caller: one thread
            LinkedHashMap<String, String> tags = new LinkedHashMap<>();
            tags.put("stream", stream);
            tags.put("network", range.network());
            registration.gauge("last-watermark-block", "End block of the last watermark handed to the worker", tags,
                    this::lastWatermarkBlock);
            registration.gauge("last-watermark-hash", "Hash of that block (a string: shown over JMX, skipped by "
                    + "numeric exporters)", tags, () -> lastWatermark == null ? "" : lastWatermark.hash());
            registration.gauge("head-lag-blocks", "The newest block the server announced on this stream minus "
                    + "last-watermark-block (amp sends no chain head: during a backfill this is at most one microbatch)",
                    tags, this::headLagBlocks);
            registration.gauge("head-lag-seconds", "Now minus the timestamp of the last watermark's end block; -1 when "
                    + "the server sends no block timestamps", tags, this::headLagSeconds);
        }
    }

    public long records() {
        return records.sum();
    }

    public long rows() {
        return rows.sum();
    }

    public long microbatches() {
        return microbatches.sum();
    }

    /** The last microbatch's latency, or -1. */
    public long microbatchLatencyMs() {
        return microbatchLatencyMs;
    }

    public long reorgs() {
        return reorgs.sum();
    }

    public long deepestReorgBlocks() {
        return deepestReorg.get();
    }

    public long rewinds() {
        return rewinds.sum();
    }

    public long reconnects() {
        return reconnects.sum();
    }

    public long nothingSyncedAnswers() {
        return nothingSyncedAnswers.sum();
    }

    /** The end block of the last watermark handed over, or -1. */
    public long lastWatermarkBlock() {
        BlockRange watermark = lastWatermark;
        return watermark == null ? -1 : watermark.end();
    }

    /** Announced blocks not yet covered by a watermark handed over; -1 before the first watermark. */
    public long headLagBlocks() {
        BlockRange watermark = lastWatermark;
        return watermark == null ? -1 : Math.max(0, announcedEnd - watermark.end());
    }

    /** Seconds since the last watermark's end block was made; -1 without a watermark or a block timestamp. */
    public long headLagSeconds() {
        BlockRange watermark = lastWatermark;
        if (watermark == null || watermark.timestamp() == null) {
            return -1;
        }
        return Math.max(0, nowMillis.getAsLong() / 1000 - watermark.timestamp());
    }
}
