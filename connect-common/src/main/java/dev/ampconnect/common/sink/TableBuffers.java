package dev.ampconnect.common.sink;

import dev.ampconnect.common.sink.buffer.BufferedRecord;
import dev.ampconnect.common.sink.buffer.RecordFormat;
import dev.ampconnect.common.sink.buffer.TableBuffer;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.kafka.common.TopicPartition;

/** Per-table buffers of records: the task's unflushed ones, or the records a planned unit holds. */
final class TableBuffers {

    private final Map<String, TableBuffer> buffers = new TreeMap<>();
    /** Where {@code rows}-format records are converted as they arrive, or null (they are kept until the cut). */
    private final BufferAllocator convertInto;

    /** Buffers that keep their records until the cut. */
    TableBuffers() {
        this(null);
    }

    /**
     * @param convertInto the allocator {@code rows}-format records are converted into as they arrive (the buffers then
     *                    keep only their origins: see {@link dev.ampconnect.common.sink.buffer.Segment}), or null
     */
    TableBuffers(BufferAllocator convertInto) {
        this.convertInto = convertInto;
    }

    /** Whether {@code rows}-format records are converted as they arrive (their size is then measured in Arrow). */
    boolean convertsRows() {
        return convertInto != null;
    }

    TableBuffer get(String table) {
        return buffers.computeIfAbsent(table, name -> new TableBuffer(name, convertInto));
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

    /** Drops every record (and releases rows converted already). */
    void clear() {
        buffers.values().forEach(TableBuffer::clear);
        buffers.clear();
    }

    /** Hands over every buffered record (a planned unit owns them now) and starts empty. */
    TableBuffers detach() {
        TableBuffers taken = new TableBuffers(convertInto);
        buffers.forEach((table, buffer) -> {
            if (!buffer.isEmpty()) {
                taken.buffers.put(table, buffer);
            }
        });
        buffers.clear();
        return taken;
    }

    /** Hands over the records of one partition, in every table, and keeps the others. */
    TableBuffers detach(TopicPartition partition) {
        TableBuffers taken = new TableBuffers(convertInto);
        buffers.forEach((table, buffer) -> {
            TableBuffer records = buffer.take(partition);
            if (!records.isEmpty()) {
                taken.buffers.put(table, records);
            }
        });
        buffers.values().removeIf(TableBuffer::isEmpty);
        return taken;
    }

    /** Drops the records of {@code partitions} (their partitions were revoked or rewound). */
    void discard(Collection<TopicPartition> partitions) {
        for (TableBuffer buffer : buffers.values()) {
            buffer.removeIf(record -> partitions.contains(
                    new TopicPartition(record.record().topic(), record.record().kafkaPartition())));
        }
        buffers.values().removeIf(TableBuffer::isEmpty);
    }
}
