package dev.ampconnect.common.sink.buffer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The records buffered for one target table since its last flush, in segments. Built with an allocator, its
 * {@code rows}-format segments convert records as they arrive and keep only their origins ({@link Segment}).
 */
public final class TableBuffer {

    private final String table;
    private final BufferAllocator convertInto;
    private final List<Segment> segments = new ArrayList<>();
    private long rows;
    private long bytes;

    public TableBuffer(String table) {
        this(table, null);
    }

    /**
     * @param convertInto the allocator {@code rows}-format records are converted into as they are added, or null to
     *                    keep the records until their batch is built
     */
    public TableBuffer(String table, BufferAllocator convertInto) {
        this.table = table;
        this.convertInto = convertInto;
    }

    public String table() {
        return table;
    }

    /**
     * Appends a record, starting a new segment when its shape differs from the last one.
     *
     * @throws org.apache.kafka.connect.errors.DataException when the record's rows cannot be converted (it is then not
     *                                                       added)
     */
    public void add(RecordFormat format, boolean amp, Object schema, BufferedRecord record) {
        Segment last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
        if (last == null || !last.accepts(format, amp, schema)) {
            last = new Segment(format, amp, schema, convertInto);
            segments.add(last);
        }
        try {
            last.add(record);
        } finally {
            if (last.records().isEmpty()) {
                segments.remove(segments.size() - 1).close();
            }
        }
        rows += record.rows();
        bytes += bytesOf(last, record);
    }

    /** A record's bytes: converting segments count their vectors instead ({@link #bytes()}). */
    private static long bytesOf(Segment segment, BufferedRecord record) {
        return segment.converting() ? 0 : record.bytes();
    }

    /**
     * Moves the records of {@code partition} into a new buffer (same segment shapes, same order) and returns it;
     * the records of other partitions stay.
     */
    public TableBuffer take(org.apache.kafka.common.TopicPartition partition) {
        TableBuffer taken = new TableBuffer(table, convertInto);
        for (Segment moved : extract(record -> record.record().kafkaPartition() == partition.partition()
                && record.record().topic().equals(partition.topic()))) {
            taken.adopt(moved);
        }
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
        for (Segment dropped : extract(drop)) {
            dropped.close();
        }
    }

    /** Takes the records {@code move} accepts out of their segments (segments left empty go), in order. */
    private List<Segment> extract(java.util.function.Predicate<BufferedRecord> move) {
        List<Segment> moved = new ArrayList<>();
        for (Iterator<Segment> segmentIt = segments.iterator(); segmentIt.hasNext(); ) {
            Segment segment = segmentIt.next();
            Segment out = segment.extract(move);
            if (out != null) {
                moved.add(out);
                for (BufferedRecord record : out.records()) {
                    rows -= record.rows();
                    bytes -= bytesOf(out, record);
                }
            }
            if (segment.records().isEmpty()) {
                segment.close();
                segmentIt.remove();
            }
        }
        return moved;
    }

    /** Appends a whole segment taken from another buffer (joined to the last one when both keep their records). */
    private void adopt(Segment segment) {
        Segment last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
        if (last != null && !last.converting() && !segment.converting()
                && last.accepts(segment.format(), segment.isAmp(), segment.schema())) {
            last.records().addAll(segment.records());
        } else {
            segments.add(segment);
        }
        for (BufferedRecord record : segment.records()) {
            rows += record.rows();
            bytes += bytesOf(segment, record);
        }
    }

    /** The segments, in order. */
    public List<Segment> segments() {
        return segments;
    }

    public long rows() {
        return rows;
    }

    /** About how many bytes of values are buffered: the records' sizes, and the vectors of converted rows. */
    public long bytes() {
        long total = bytes;
        for (Segment segment : segments) {
            total += segment.convertedBytes();
        }
        return total;
    }

    public boolean isEmpty() {
        return segments.isEmpty();
    }

    /** Drops every record (and releases converted rows). */
    public void clear() {
        segments.forEach(Segment::close);
        segments.clear();
        rows = 0;
        bytes = 0;
    }
}
