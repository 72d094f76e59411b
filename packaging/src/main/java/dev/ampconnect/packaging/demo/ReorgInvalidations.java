package dev.ampconnect.packaging.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The {@code reorg} invalidations the source wrote to one stream's topic partition (record contract v1: header
 * {@code amp.kind=invalidation}, value {@code amp.Invalidation} with {@code reason=reorg}), read committed as the
 * sink reads them. With the sink's stored next offset this says how many reorgs the source detected and how
 * many the sink has applied.
 */
public final class ReorgInvalidations implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_POLLS_PER_REFRESH = 20;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TopicPartition partition;
    private final List<Long> offsets = new ArrayList<>();

    /** A reader of {@code topic} partition 0 on {@code bootstrapServers}, from its beginning. */
    public ReorgInvalidations(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumer = new KafkaConsumer<>(p);
        partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
    }

    /** Reads what arrived since the last call, up to the partition's last committed record (bounded). */
    public void refresh() {
        Map<TopicPartition, Long> end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(5));
        for (int i = 0; i < MAX_POLLS_PER_REFRESH && consumer.position(partition) < end.get(partition); i++) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (isReorgInvalidation(record)) {
                    offsets.add(record.offset());
                }
            }
        }
    }

    /** Reorg invalidations read so far. */
    public int count() {
        return offsets.size();
    }

    /** Reorg invalidations at offsets below {@code nextOffset} (a consumer that stored it has applied them). */
    public int countBefore(long nextOffset) {
        return (int) offsets.stream().filter(o -> o < nextOffset).count();
    }

    private static boolean isReorgInvalidation(ConsumerRecord<byte[], byte[]> record) {
        Header kind = record.headers().lastHeader("amp.kind");
        if (kind == null || !"invalidation".equals(new String(kind.value(), StandardCharsets.UTF_8))
                || record.value() == null) {
            return false;
        }
        try {
            JsonNode value = JSON.readTree(record.value());
            // JsonConverter with schemas wraps the Struct in {"schema":..., "payload":...}
            JsonNode invalidation = value.has("payload") ? value.get("payload") : value;
            return "reorg".equals(invalidation.path("reason").asText());
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
