package dev.ampconnect.packaging.bench;

import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * A store's visible head read at most once per interval, the last answer given in between. The run polls every few
 * milliseconds; for a store whose progress read is costly next to the sink's own requests (a ClickHouse view over
 * the sink's log on an engine serving one request at a time, an Iceberg table's metadata loaded through a catalog in
 * the benchmark's JVM) that would be load the sink competes with. The interval adds at most itself to a run's time
 * and to a live block's latency.
 */
final class ThrottledHead {

    private final long intervalNanos;
    private String key = "";
    private long readAt;
    private OptionalLong last = OptionalLong.empty();

    ThrottledHead(long intervalMillis) {
        this.intervalNanos = intervalMillis * 1_000_000;
    }

    /** The head of {@code key} (connector and table), read again once the interval passed or the key changed. */
    synchronized OptionalLong get(String key, Supplier<OptionalLong> reader) {
        long now = System.nanoTime();
        if (!key.equals(this.key) || now - readAt >= intervalNanos) {
            last = reader.get();
            readAt = System.nanoTime();
            this.key = key;
        }
        return last;
    }

    /** Forgets the last answer (the table was dropped). */
    synchronized void reset() {
        key = "";
        last = OptionalLong.empty();
    }
}
