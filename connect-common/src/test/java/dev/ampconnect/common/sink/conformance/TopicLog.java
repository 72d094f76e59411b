package dev.ampconnect.common.sink.conformance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Stands in for Kafka in the kit: partitions of records with offsets, and the committed offsets of each
 * consumer group (connector), which survive task restarts like Kafka's do.
 */
public final class TopicLog {

    private final Map<TopicPartition, List<SinkRecord>> partitions = new HashMap<>();
    private final Map<String, Map<TopicPartition, Long>> committed = new HashMap<>();

    /** Appends a record and returns it with its offset. */
    public synchronized SinkRecord append(String topic, int partition, Schema valueSchema, Object value, Headers headers) {
        TopicPartition tp = new TopicPartition(topic, partition);
        List<SinkRecord> records = partitions.computeIfAbsent(tp, p -> new ArrayList<>());
        long offset = records.size();
        SinkRecord record = new SinkRecord(topic, partition, null, null, valueSchema, value, offset,
                1_700_000_000_000L + offset, TimestampType.CREATE_TIME, headers);
        records.add(record);
        return record;
    }

    /** Records of a partition from {@code offset}, at most {@code max}. */
    public synchronized List<SinkRecord> read(TopicPartition partition, long offset, int max) {
        List<SinkRecord> records = partitions.getOrDefault(partition, List.of());
        int from = (int) Math.min(offset, records.size());
        int to = (int) Math.min(records.size(), (long) from + max);
        return new ArrayList<>(records.subList(from, to));
    }

    public synchronized long endOffset(TopicPartition partition) {
        return partitions.getOrDefault(partition, List.of()).size();
    }

    /** The group's committed offset, or 0 (auto.offset.reset=earliest). */
    public synchronized long committed(String group, TopicPartition partition) {
        return committed.getOrDefault(group, Map.of()).getOrDefault(partition, 0L);
    }

    public synchronized void commit(String group, TopicPartition partition, long offset) {
        committed.computeIfAbsent(group, g -> new HashMap<>()).put(partition, offset);
    }
}
