package dev.ampconnect.common.sink.buffer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.kafka.connect.sink.SinkRecord;

/** The records buffered for one target table since its last flush, in segments. */
public final class TableBuffer {

    private final String table;
    private final List<Segment> segments = new ArrayList<>();
    private long rows;
    private long bytes;

    public TableBuffer(String table) {
        this.table = table;
    }

    public String table() {
        return table;
    }

    /** Appends a record, starting a new segment when its shape differs from the last one. */
    public void add(RecordFormat format, boolean amp, Object schema, BufferedRecord record) {
        Segment last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
        if (last == null || !last.accepts(format, amp, schema)) {
            last = new Segment(format, amp, schema);
            segments.add(last);
        }
        last.records().add(record);
        rows += record.rows();
        bytes += record.bytes();
    }

    /**
     * Moves the records of {@code partition} into a new buffer (same segment shapes, same order) and returns it;
     * the records of other partitions stay.
     */
    public TableBuffer take(org.apache.kafka.common.TopicPartition partition) {
        TableBuffer taken = new TableBuffer(table);
        for (Segment segment : segments) {
            for (BufferedRecord record : segment.records()) {
                if (record.record().kafkaPartition() == partition.partition()
                        && record.record().topic().equals(partition.topic())) {
                    taken.add(segment.format(), segment.isAmp(), segment.schema(), record);
                }
            }
        }
        removeIf(record -> record.record().kafkaPartition() == partition.partition()
                && record.record().topic().equals(partition.topic()));
        return taken;
    }

    /** Drops the buffered rows of microbatches that were invalidated before being written. */
    public void dropSequences(Set<Long> sequences) {
        if (sequences.isEmpty()) {
            return;
        }
        removeIf(record -> sequences.contains(record.sequence()));
    }

    /** Drops records (e.g. sent to the dead letter queue). */
    public void removeRecords(Collection<SinkRecord> rejected) {
        if (rejected.isEmpty()) {
            return;
        }
        Set<SinkRecord> identities = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        identities.addAll(rejected);
        removeIf(record -> identities.contains(record.record()));
    }

    /** Drops the records {@code drop} accepts. */
    public void removeIf(java.util.function.Predicate<BufferedRecord> drop) {
        for (Iterator<Segment> segmentIt = segments.iterator(); segmentIt.hasNext(); ) {
            Segment segment = segmentIt.next();
            for (Iterator<BufferedRecord> it = segment.records().iterator(); it.hasNext(); ) {
                BufferedRecord record = it.next();
                if (drop.test(record)) {
                    it.remove();
                    rows -= record.rows();
                    bytes -= record.bytes();
                }
            }
            if (segment.records().isEmpty()) {
                segmentIt.remove();
            }
        }
    }

    /** The segments, in order. */
    public List<Segment> segments() {
        return segments;
    }

    public long rows() {
        return rows;
    }

    public long bytes() {
        return bytes;
    }

    public boolean isEmpty() {
        return segments.isEmpty();
    }

    public void clear() {
        segments.clear();
        rows = 0;
        bytes = 0;
    }
}
