package dev.ampconnect.testsupport.connect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

import dev.ampconnect.testsupport.Await;

/**
 * Reads every record of one topic, all partitions, from the beginning, with a fresh consumer that
 * joins no group and commits nothing, so reading never disturbs the system under test. Records keep
 * their key, value and headers as bytes; within a partition they are in offset order.
 *
 * <pre>{@code
 * List<ConsumerRecord<byte[], byte[]>> records = cluster.topic("blocks").readCommitted()
 *         .readUntil(seen -> seen.size() >= 10, Duration.ofSeconds(30));
 * }</pre>
 */
public final class TopicReader {

    private static final Duration POLL = Duration.ofMillis(200);

    private final EmbeddedKafkaCluster kafka;
    private final String topic;
    private final IsolationLevel isolation;

    TopicReader(EmbeddedKafkaCluster kafka, String topic) {
        this(kafka, topic, IsolationLevel.READ_UNCOMMITTED);
    }

    private TopicReader(EmbeddedKafkaCluster kafka, String topic, IsolationLevel isolation) {
        this.kafka = kafka;
        this.topic = topic;
        this.isolation = isolation;
    }

    /**
     * A reader that sees only committed transactions ({@code isolation.level=read_committed}), as a
     * downstream consumer of an exactly-once source would: aborted records are skipped and open
     * transactions hold back everything after them.
     */
    public TopicReader readCommitted() {
        return new TopicReader(kafka, topic, IsolationLevel.READ_COMMITTED);
    }

    /**
     * Reads from the beginning until the records read so far satisfy {@code done}, and returns them.
     *
     * @throws AssertionError if {@code done} does not hold within {@code timeout}; the message says
     *                        how many records were read and where each partition stood
     */
    public List<ConsumerRecord<byte[], byte[]>> readUntil(Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
                                                          Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.createConsumer(consumerProperties())) {
            List<TopicPartition> partitions = assignAll(consumer, timeout);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            while (!done.test(records)) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new AssertionError("topic " + topic + " (" + describe(isolation) + "): condition not met within "
                            + timeout + "; read " + records.size() + " records; positions "
                            + positions(consumer, partitions));
                }
                consumer.poll(POLL).forEach(records::add);
            }
            return records;
        }
    }

    /** Reads from the beginning until at least {@code count} records arrived; returns all read. */
    public List<ConsumerRecord<byte[], byte[]>> readAtLeast(int count, Duration timeout) {
        return readUntil(records -> records.size() >= count, timeout);
    }

    /**
     * Reads everything up to the end offsets as of the call (the last stable offset for
     * {@link #readCommitted()}), e.g. to assert that nothing more than expected was written.
     */
    public List<ConsumerRecord<byte[], byte[]>> readToEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.createConsumer(consumerProperties())) {
            List<TopicPartition> partitions = assignAll(consumer, timeout);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            while (!partitions.stream().allMatch(partition -> consumer.position(partition) >= end.get(partition))) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new AssertionError("topic " + topic + " (" + describe(isolation) + "): end offsets " + end
                            + " not reached within " + timeout + "; read " + records.size()
                            + " records; positions " + positions(consumer, partitions));
                }
                consumer.poll(POLL).forEach(records::add);
            }
            return records;
        }
    }

    private Map<String, Object> consumerProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString().toLowerCase(Locale.ROOT));
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return properties;
    }

    /** Assigns every partition of the topic, waiting for the topic to exist, and seeks to the beginning. */
    private List<TopicPartition> assignAll(KafkaConsumer<byte[], byte[]> consumer, Duration timeout) {
        List<TopicPartition> partitions = Await.value("topic " + topic + " to exist", timeout, () -> {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(1));
            return infos == null || infos.isEmpty() ? Optional.empty()
                    : Optional.of(infos.stream().map(info -> new TopicPartition(topic, info.partition()))
                    .collect(Collectors.toList()));
        }, () -> "no partitions in metadata of " + kafka.bootstrapServers());
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return partitions;
    }

    private static Map<TopicPartition, Long> positions(KafkaConsumer<byte[], byte[]> consumer,
                                                       List<TopicPartition> partitions) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        partitions.forEach(partition -> positions.put(partition, consumer.position(partition)));
        return positions;
    }

    private static String describe(IsolationLevel isolation) {
        return isolation.toString().toLowerCase(Locale.ROOT);
    }
}
