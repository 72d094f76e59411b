package dev.ampconnect.source.flightsql.stream;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-over between a task's stream readers (producers, one thread per stream) and
 * {@code poll()} (the one consumer). Bounded by record count and estimated bytes, so a fast server never
 * makes the task buffer a whole stream: readers block in {@link #put} until poll() catches up. One record
 * larger than the byte bound is still admitted when the queue is empty, so nothing deadlocks.
 * Failures bypass the bounds (a failing reader must never block).
 */
public final class ReadAheadQueue {

    private final int maxRecords;
    private final long maxBytes;
    private final ArrayDeque<QueueEntry> entries = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private long bytes;

    public ReadAheadQueue(int maxRecords, long maxBytes) {
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
    }

    /** Appends a record, waiting while the queue is full. */
    public void put(PendingRecord record) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (!entries.isEmpty() && (entries.size() >= maxRecords || bytes + record.bytes() > maxBytes)) {
                notFull.await();
            }
            entries.addLast(record);
            bytes += record.bytes();
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Appends a failure, never waiting. */
    public void putFailure(StreamFailure failure) {
        lock.lock();
        try {
            entries.addLast(failure);
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The head entry, waiting up to {@code timeoutMs} for one; {@code null} when none arrived. Not removed. */
    public QueueEntry awaitHead(long timeoutMs) throws InterruptedException {
        long remaining = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        lock.lockInterruptibly();
        try {
            while (entries.isEmpty()) {
                if (remaining <= 0) {
                    return null;
                }
                remaining = notEmpty.awaitNanos(remaining);
            }
            return entries.peekFirst();
        } finally {
            lock.unlock();
        }
    }

    /** The head entry without waiting, or {@code null}. Not removed. */
    public QueueEntry peek() {
        lock.lock();
        try {
            return entries.peekFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Removes the head entry (the one {@link #peek} returned). */
    public void removeHead() {
        lock.lock();
        try {
            QueueEntry head = entries.pollFirst();
            if (head instanceof PendingRecord record) {
                bytes -= record.bytes();
            }
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Number of queued entries. */
    public int size() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }

    /** Estimated bytes of the queued records. */
    public long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    /** Drops everything queued and wakes blocked readers (task stop). */
    public void clear() {
        lock.lock();
        try {
            entries.clear();
            bytes = 0;
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
