package dev.ampconnect.benchmarks.postgresql;

import dev.ampconnect.sink.postgresql.AmpPostgresSinkTask;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * Drives the PostgreSQL sink task directly, without Kafka: records are handed to {@code put()} in batches
 * of 500 like a consumer poll, so what is measured is the sink itself (conversion, columnar batches, COPY,
 * registry, offsets).
 */
public final class DirectFeeder implements AutoCloseable {

    private static final int POLL_RECORDS = 500;

    private final SinkTask task;
    private final TopicPartition partition;
    private final List<SinkRecord> poll = new ArrayList<>(POLL_RECORDS);
    private long offset;

    DirectFeeder(Map<String, String> config, String topic) {
        this(new AmpPostgresSinkTask(), config, topic);
    }

    /** A feeder of another sink's task (the Iceberg benchmark drives its task the same way). */
    public DirectFeeder(SinkTask task, Map<String, String> config, String topic) {
        this.task = task;
        this.partition = new TopicPartition(topic, 0);
        Context context = new Context(config, partition, new HashMap<>());
        task.initialize(context);
        task.start(config);
        task.open(List.of(partition));
        // continue where the stored offsets say, as a consumer would after the task's seek
        this.offset = context.seeks().getOrDefault(partition, 0L);
    }

    public void feed(AmpRecords.AmpRecord record) {
        poll.add(new SinkRecord(partition.topic(), 0, null, null, record.valueSchema(), record.value(), offset++,
                System.currentTimeMillis(), TimestampType.CREATE_TIME, record.headers()));
        if (poll.size() >= POLL_RECORDS) {
            deliver();
        }
    }

    /** Hands buffered records to put(). */
    public void deliver() {
        if (!poll.isEmpty()) {
            task.put(new ArrayList<>(poll));
            poll.clear();
        }
    }

    /** Everything delivered and stored (preCommit flushes). */
    public void commit() {
        deliver();
        task.preCommit(new HashMap<>());
    }

    /** Milliseconds one record's put() takes, after everything before it was stored. */
    public double timedPut(AmpRecords.AmpRecord record) {
        commit();
        long started = System.nanoTime();
        feed(record);
        deliver();
        return (System.nanoTime() - started) / 1e6;
    }

    @Override
    public void close() {
        task.close(List.of(partition));
        task.stop();
    }

    /** The smallest context: no DLQ, no plugin metrics; seeks are recorded. */
    private record Context(Map<String, String> configs, TopicPartition partition, Map<TopicPartition, Long> seeks)
            implements SinkTaskContext {
        @Override
        public void offset(Map<TopicPartition, Long> offsets) {
            seeks.putAll(offsets);
        }

        @Override
        public void offset(TopicPartition tp, long offset) {
            seeks.put(tp, offset);
        }

        @Override
        public void timeout(long timeoutMs) {
        }

        @Override
        public Set<TopicPartition> assignment() {
            return Set.of(partition);
        }

        @Override
        public void pause(TopicPartition... partitions) {
        }

        @Override
        public void resume(TopicPartition... partitions) {
        }

        @Override
        public void requestCommit() {
        }

        @Override
        public PluginMetrics pluginMetrics() {
            throw new UnsupportedOperationException();
        }
    }
}
