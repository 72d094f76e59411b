package dev.ampconnect.common.sink;

import dev.ampconnect.common.sink.batch.BufferedRecord;
import dev.ampconnect.common.sink.batch.RecordFormat;
import dev.ampconnect.common.sink.batch.TableBuffer;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** The per-table buffers of the task. */
final class TableBuffers {

    private final Map<String, TableBuffer> buffers = new TreeMap<>();

    TableBuffer get(String table) {
        return buffers.computeIfAbsent(table, TableBuffer::new);
    }

    TableBuffer find(String table) {
        return buffers.get(table);
    }

    /** Appends a record to its table's buffer and returns the buffer. */
    TableBuffer add(String table, RecordFormat format, boolean amp, Object schema, BufferedRecord record) {
        TableBuffer buffer = get(table);
        buffer.add(format, amp, schema, record);
        return buffer;
    }

    Collection<TableBuffer> all() {
        return buffers.values();
    }

    boolean isEmpty() {
        return buffers.values().stream().allMatch(TableBuffer::isEmpty);
    }

    long rows() {
        return buffers.values().stream().mapToLong(TableBuffer::rows).sum();
    }

    void clear() {
        buffers.clear();
    }

    /** Hands over every buffered record (a unit in flight owns them now) and starts empty. */
    TableBuffers detach() {
        TableBuffers taken = new TableBuffers();
        taken.buffers.putAll(buffers);
        buffers.clear();
        return taken;
    }

    /** Puts the records of {@code older} (a unit that was not stored) back in front of the newer ones. */
    void restore(TableBuffers older) {
        older.buffers.forEach((table, buffer) -> {
            TableBuffer current = buffers.get(table);
            if (current == null) {
                buffers.put(table, buffer);
            } else {
                current.prepend(buffer);
            }
        });
    }
}
