package dev.ampconnect.testsupport.connect;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ampconnect.testsupport.Await;

class ExactlyOnceConnectClusterIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(
            ConnectClusterSpec.defaults().withWorkers(2).withExactlyOnceSource().withFastFailover());

    @Test
    void allRequestedWorkersJoinOneGroup() {
        ConnectCluster cluster = CONNECT.cluster();

        assertEquals(2, cluster.embedded().workers().size());
        Await.condition("both workers healthy", TIMEOUT, () -> cluster.embedded().healthyWorkers().size() == 2,
                () -> cluster.embedded().healthyWorkers().toString());
    }

    @Test
    void readCommittedSkipsAbortedTransactionsThatReadUncommittedSees() {
        ConnectCluster cluster = CONNECT.cluster();
        cluster.createTopic("transactions", 1);
        try (KafkaProducer<byte[], byte[]> producer = cluster.newProducer(Map.of("transactional.id", "eos-self-test"))) {
            producer.initTransactions();
            sendInTransaction(producer, "committed-1", "committed-2");
            producer.beginTransaction();
            producer.send(record("aborted-1"));
            // abortTransaction drops unsent records; flush so the aborted one really reaches the log
            producer.flush();
            producer.abortTransaction();
            sendInTransaction(producer, "committed-3");
        }

        List<String> committed = values(cluster.topic("transactions").readCommitted().readToEnd(TIMEOUT));
        List<String> everything = values(cluster.topic("transactions").readToEnd(TIMEOUT));

        assertEquals(List.of("committed-1", "committed-2", "committed-3"), committed);
        assertEquals(List.of("committed-1", "committed-2", "aborted-1", "committed-3"), everything);
    }

    @Test
    void exactlyOnceSourceDeliversEveryRecordInCommittedTransactions() {
        ConnectCluster cluster = CONNECT.cluster();
        cluster.createTopic("eos-sequence", 1);
        ConnectorClient source = cluster.connector("eos-source");

        source.configure(Map.of(
                "connector.class", "org.apache.kafka.connect.integration.TestableSourceConnector",
                "tasks.max", "1",
                "topic", "eos-sequence",
                "max.messages", "30",
                "messages.per.poll", "10",
                "custom.exactly.once.support", "supported",
                // preflight check: the worker refuses this unless exactly-once source support is enabled
                "exactly.once.support", "required"));
        source.awaitRunning(1, TIMEOUT);

        List<ConsumerRecord<byte[], byte[]>> committed = cluster.topic("eos-sequence").readCommitted()
                .readAtLeast(30, TIMEOUT);

        assertEquals(30, committed.size());
        assertEquals(30, cluster.topic("eos-sequence").readCommitted().readToEnd(TIMEOUT).size());
    }

    private static void sendInTransaction(KafkaProducer<byte[], byte[]> producer, String... values) {
        producer.beginTransaction();
        for (String value : values) {
            producer.send(record(value));
        }
        producer.commitTransaction();
    }

    private static ProducerRecord<byte[], byte[]> record(String value) {
        return new ProducerRecord<>("transactions", null, value.getBytes(UTF_8));
    }

    private static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> new String(r.value(), UTF_8)).collect(Collectors.toList());
    }
}
