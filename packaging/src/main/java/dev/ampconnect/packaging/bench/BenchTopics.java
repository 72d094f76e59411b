package dev.ampconnect.packaging.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The benchmark's view of its topics: created with one partition (one stream), their size on the broker's disk,
 * and the broker timestamps of a stream's first data record and last watermark (the source's own rate, with
 * worker start-up and any waiting excluded). Deleted after a run, so a million-row run leaves no gigabytes behind.
 */
public final class BenchTopics implements AutoCloseable {

    private final String bootstrapServers;
    private final Admin admin;
    private KafkaConsumer<byte[], byte[]> tail;

    public BenchTopics(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        this.admin = Admin.create(props);
    }

    /** Creates {@code topic} with one partition, replication factor 1. */
    public void create(String topic) {
        try {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        } catch (ExecutionException | InterruptedException e) {
            throw new IllegalStateException("cannot create topic " + topic, e);
        }
    }

    /** Deletes {@code topic}. */
    public void delete(String topic) {
        try {
            admin.deleteTopics(List.of(topic)).all().get();
        } catch (ExecutionException | InterruptedException e) {
            throw new IllegalStateException("cannot delete topic " + topic, e);
        }
    }

    /** Bytes {@code topic} takes in the broker's log directories (record batches with headers, keys, values). */
    public long sizeBytes(String topic) {
        try {
            List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(Node::id).toList();
            long bytes = 0;
            for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers).allDescriptions().get().values()) {
                for (LogDirDescription dir : dirs.values()) {
                    for (Map.Entry<TopicPartition, ReplicaInfo> replica : dir.replicaInfos().entrySet()) {
                        if (replica.getKey().topic().equals(topic)) {
                            bytes += replica.getValue().size();
                        }
                    }
                }
            }
            return bytes;
        } catch (ExecutionException | InterruptedException e) {
            throw new IllegalStateException("cannot describe the log dirs of " + topic, e);
        }
    }

    /**
     * The broker timestamps (ms) of the first data record of {@code topic}'s partition 0 and of the watermark of
     * {@code head}, which must be among the last records (a source that stopped at the head). Read committed.
     */
    public long[] dataSpanMillis(String topic, long head) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            consumer.seekToBeginning(List.of(partition));
            long first = -1;
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (first < 0 && consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (header(record, "amp.kind").equals("data")) {
                        first = record.timestamp();
                        break;
                    }
                }
            }
            // the head's watermark is among the last records (transaction markers take offsets too)
            consumer.seek(partition, Math.max(0, end - 200));
            String headEnd = "\"end\":" + head + ",";
            long last = -1;
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (header(record, "amp.kind").equals("watermark")
                            && header(record, "amp.ranges").replace(" ", "").contains(headEnd)) {
                        last = record.timestamp();
                    }
                }
            }
            if (first < 0 || last < 0) {
                throw new IllegalStateException("no data record or no watermark of block " + head + " in " + topic);
            }
            return new long[] {first, last};
        }
    }

    /**
     * Whether the last records of {@code topic}'s partition 0 (read committed) hold the watermark of {@code head}:
     * a cheap completion check of a source that stops at the head (the REST offsets call starts a consumer in the
     * worker each time, which profiles showed costing the worker more than the source itself when polled often).
     */
    public boolean endsWithWatermarkOf(String topic, long head) {
        if (tail == null) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
            tail = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        TopicPartition partition = new TopicPartition(topic, 0);
        tail.assign(List.of(partition));
        long end = tail.endOffsets(List.of(partition)).get(partition);
        if (end == 0) {
            return false;
        }
        tail.seek(partition, Math.max(0, end - 30));
        String headEnd = "\"end\":" + head + ",";
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (tail.position(partition) < end && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : tail.poll(Duration.ofMillis(200))) {
                if (header(record, "amp.kind").equals("watermark")
                        && header(record, "amp.ranges").replace(" ", "").contains(headEnd)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (tail != null) {
            tail.close();
        }
        admin.close();
    }
}
