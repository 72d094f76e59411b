package dev.ampconnect.common.sink;

import dev.ampconnect.common.sink.buffer.TableBuffer;
import java.util.Collection;

/**
 * When buffered work is flushed: a table reached {@code buffer.flush.rows} or {@code buffer.flush.bytes},
 * or the oldest unflushed record is {@code buffer.flush.interval.ms} old. Independent of how many records
 * Connect hands to one {@code put()}.
 */
final class FlushPolicy {

    private final int rows;
    private final long bytes;
    private final long intervalMs;

    FlushPolicy(int rows, long bytes, long intervalMs) {
        this.rows = rows;
        this.bytes = bytes;
        this.intervalMs = intervalMs;
    }

    /** Whether one table's buffer is full. */
    boolean full(TableBuffer buffer) {
        return buffer.rows() >= rows || buffer.bytes() >= bytes;
    }

    /** Whether any buffer is full. */
    boolean anyFull(Collection<TableBuffer> buffers) {
        for (TableBuffer buffer : buffers) {
            if (full(buffer)) {
                return true;
            }
        }
        return false;
    }

    /** Milliseconds until work pending since {@code pendingSinceMs} is old enough to flush (at least 1). */
    long remainingMs(long pendingSinceMs, long nowMs) {
        return Math.max(1, intervalMs - (nowMs - pendingSinceMs));
    }

    /** Whether work pending since {@code pendingSinceMs} (-1: nothing pending) is old enough to flush. */
    boolean expired(long pendingSinceMs, long nowMs) {
        return pendingSinceMs >= 0 && nowMs - pendingSinceMs >= intervalMs;
    }
}
