package dev.ampconnect.packaging.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;

import dev.ampconnect.packaging.cluster.Await;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads one topic from its beginning as strings (committed records only), accumulating every value it has
 * seen, so a test can wait for the topic to reach a state and then assert on all of it.
 */
final class TopicReader implements AutoCloseable {

    private final String topic;
    private final KafkaConsumer<String, String> consumer;
    private final List<String> values = new ArrayList<>();

    TopicReader(String bootstrapServers, String topic) {
        this.topic = topic;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(props);
    }

    /**
     * Polls until the values read so far satisfy {@code complete}, and returns them all in topic order.
     *
     * @param what what {@code complete} means, for the timeout message
     */
    List<String> awaitValues(String what, Duration timeout, Predicate<List<String>> complete) {
        return Await.value(what + " in topic " + topic + " (read so far: " + values.size() + ")", timeout, () -> {
            if (consumer.assignment().isEmpty()) {
                var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(2));
                if (partitions == null || partitions.isEmpty()) {
                    return Optional.empty();
                }
                List<TopicPartition> assigned = partitions.stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(assigned);
                consumer.seekToBeginning(assigned);
            }
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                values.add(record.value());
            }
            return complete.test(values) ? Optional.of(List.copyOf(values)) : Optional.empty();
        });
    }

    /** Polls until at least {@code count} values have been read. */
    List<String> awaitAtLeast(int count, Duration timeout) {
        return awaitValues(count + " records", timeout, v -> v.size() >= count);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
