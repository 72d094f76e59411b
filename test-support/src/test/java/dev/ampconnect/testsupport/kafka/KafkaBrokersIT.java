package dev.ampconnect.testsupport.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import dev.ampconnect.testsupport.containers.DockerEngine;

class KafkaBrokersIT {

    @Test
    void withoutDockerTheContainerCandidateStepsAsideForTheInJvmBroker() {
        Optional<String> docker = DockerEngine.unavailableBecause();
        if (docker.isPresent() && KafkaBrokers.BOOTSTRAP_SERVERS.value().isEmpty()) {
            assertEquals(docker, KafkaBrokers.container().unavailableBecause());
            assertTrue(KafkaBrokers.shared().origin().startsWith("in-JVM Kafka"), KafkaBrokers.shared().origin());
        }
    }

    @Test
    void recordsRoundTripThroughTheSharedBroker() {
        String bootstrap = KafkaBrokers.shared().bootstrapServers();
        String topic = "probe-" + UUID.randomUUID();
        // the in-JVM broker does not auto-create topics
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        } catch (Exception e) {
            throw new AssertionError("cannot create " + topic + " on " + bootstrap, e);
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "v")).get();
        } catch (Exception e) {
            throw new AssertionError("produce to " + bootstrap + " failed", e);
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "group.id", "probe", "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    assertEquals("v", records.iterator().next().value());
                    return;
                }
            }
            throw new AssertionError("no record from " + topic + " within 30 s");
        }
    }
}
