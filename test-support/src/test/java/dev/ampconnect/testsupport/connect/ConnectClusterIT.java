package dev.ampconnect.testsupport.connect;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ampconnect.testsupport.Await;

class ConnectClusterIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** A source connector shipped in Kafka's connect-runtime test-jar, found through service loading. */
    private static final String TESTABLE_SOURCE = "org.apache.kafka.connect.integration.TestableSourceConnector";

    @RegisterExtension
    static final ConnectClusterExtension CONNECT = new ConnectClusterExtension();

    @Test
    void restListsTheConnectorPluginsOnTheClasspath(ConnectCluster cluster) throws Exception {
        JsonNode plugins = new ObjectMapper().readTree(cluster.restGet("connector-plugins"));

        Set<String> classes = StreamSupport.stream(plugins.spliterator(), false)
                .map(plugin -> plugin.get("class").asText()).collect(Collectors.toSet());
        assertTrue(classes.contains(TESTABLE_SOURCE), classes.toString());
        assertTrue(classes.contains("org.apache.kafka.connect.integration.TestableSinkConnector"), classes.toString());
    }

    @Test
    void producedRecordsAreReadBackWithKeysValuesAndHeaders(ConnectCluster cluster) {
        cluster.createTopic("with-headers", 2);
        for (int i = 0; i < 10; i++) {
            RecordHeaders headers = new RecordHeaders();
            headers.add("amp.test.seq", Integer.toString(i).getBytes(UTF_8));
            cluster.send(new ProducerRecord<>("with-headers", i % 2, bytes("k" + i), bytes("v" + i), headers));
        }

        List<ConsumerRecord<byte[], byte[]>> records = cluster.topic("with-headers").readAtLeast(10, TIMEOUT);

        assertEquals(IntStream.range(0, 10).mapToObj(i -> "k" + i + "=v" + i + "@" + (i % 2) + " seq " + i)
                        .collect(Collectors.toSet()),
                records.stream().map(r -> text(r.key()) + "=" + text(r.value()) + "@" + r.partition()
                        + " seq " + text(r.headers().lastHeader("amp.test.seq").value())).collect(Collectors.toSet()));
        assertEquals(10, cluster.topic("with-headers").readToEnd(TIMEOUT).size());
    }

    @Test
    void builtInSourceConnectorRunsAndItsOffsetsCanBeReadAndPatched(ConnectCluster cluster) {
        cluster.createTopic("sequence", 1);
        ConnectorClient source = cluster.connector("sequence-source");

        source.configure(Map.of(
                "connector.class", TESTABLE_SOURCE,
                "tasks.max", "1",
                "topic", "sequence",
                "max.messages", "50",
                "messages.per.poll", "10"));
        source.awaitRunning(1, TIMEOUT);
        List<ConsumerRecord<byte[], byte[]>> records = cluster.topic("sequence").readAtLeast(50, TIMEOUT);
        // the task's source partition is its task id; its offset the count of records it produced
        Map<String, ?> partition = Map.of("task.id", "sequence-source-0");
        Await.condition("offset of the 50th record committed", TIMEOUT,
                () -> savedOffset(source, partition) == 50, () -> source.sourceOffsets().toString());
        source.stop(TIMEOUT);
        source.patchSourceOffset(partition, Map.of("saved", 1000));

        assertEquals(50, records.size());
        assertEquals(50, cluster.topic("sequence").readToEnd(TIMEOUT).size());
        assertEquals(1000, savedOffset(source, partition));
        assertEquals(Set.of(partition), source.sourceOffsets().keySet());
    }

    private static long savedOffset(ConnectorClient source, Map<String, ?> partition) {
        Map<String, ?> offset = source.sourceOffsets().get(partition);
        return offset == null ? -1 : ((Number) offset.get("saved")).longValue();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, UTF_8);
    }
}
