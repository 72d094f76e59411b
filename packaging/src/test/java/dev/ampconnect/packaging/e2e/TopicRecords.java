package dev.ampconnect.packaging.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.ampconnect.packaging.cluster.Await;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Raw access to a topic with headers: everything committed from the beginning up to the current end
 * ({@link #readAll}), or a record produced as plain bytes ({@link #produce}, e.g. a poisoned record).
 */
public final class TopicRecords {

    /** One record: value bytes and headers as UTF-8 text (the last value of each key). */
    public record Message(long offset, byte[] value, Map<String, String> headers) {
        public String valueText() {
            return value == null ? null : new String(value, StandardCharsets.UTF_8);
        }

        /** Whether the source marked it a control record (watermark or invalidation): header {@code amp.control}. */
        public boolean isControl() {
            return headers.containsKey("amp.control");
        }
    }

    private TopicRecords() {
    }

    /** Every committed record of partition 0 of {@code topic}, from offset 0 to the current end. */
    public static List<Message> readAll(String bootstrapServers, String topic, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<Message> out = new ArrayList<>();
            Await.until(topic + " read to offset " + end, timeout, () -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    Map<String, String> headers = new LinkedHashMap<>();
                    for (Header h : r.headers()) {
                        headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
                    }
                    out.add(new Message(r.offset(), r.value(), headers));
                }
                // the read_committed position passes markers and aborted records too
                return consumer.position(partition) >= end;
            });
            return out;
        }
    }

    /** Produces one record with {@code value} bytes (null key) to partition 0 of {@code topic}, acknowledged. */
    public static long produce(String bootstrapServers, String topic, byte[] value) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            return producer.send(new ProducerRecord<>(topic, 0, null, value)).get().offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted producing to " + topic, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot produce to " + topic, e.getCause());
        }
    }
}
