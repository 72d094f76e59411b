package dev.ampconnect.sink.postgresql;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.sink.conformance.ChainStream;
import dev.ampconnect.common.sink.conformance.TopicLog;
import dev.ampconnect.testsupport.Await;
import dev.ampconnect.testsupport.connect.ConnectCluster;
import dev.ampconnect.testsupport.connect.ConnectClusterExtension;
import dev.ampconnect.testsupport.connect.ConnectorClient;
import dev.ampconnect.testsupport.postgres.PostgresDatabase;
import dev.ampconnect.testsupport.postgres.PostgresExtension;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The connector in a real Connect worker (Kafka's EmbeddedConnectCluster), configured through REST: it
 * loads via service loading, validates, writes a stream's rows, applies an invalidation, and commits
 * the stored offsets.
 */
class AmpPostgresSinkWorkerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String TOPIC = "eth.blocks";

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();
    @RegisterExtension
    static final ConnectClusterExtension CONNECT = new ConnectClusterExtension();

    private static Map<String, String> sinkConfig(PostgresDatabase db) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", AmpPostgresSinkConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("topics", TOPIC);
        config.put("header.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "true");
        config.put("table.name.format", "${stream}");
        config.put("buffer.flush.interval.ms", "0");
        config.put("pg.url", db.jdbcUrl());
        config.put("pg.user", db.user());
        config.put("pg.password", db.password());
        return config;
    }

    /** Sends the records of the in-memory log to Kafka as the source would: JSON values, string headers. */
    private static void publish(ConnectCluster cluster, TopicLog log, long from) {
        JsonConverter json = new JsonConverter();
        json.configure(Map.of("schemas.enable", "true", "converter.type", "value"));
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        for (SinkRecord record : log.read(partition, from, Integer.MAX_VALUE)) {
            RecordHeaders headers = new RecordHeaders();
            for (Header header : record.headers()) {
                headers.add(header.key(), header.value().toString().getBytes(UTF_8));
            }
            cluster.send(new ProducerRecord<>(TOPIC, 0, (byte[]) null, json.fromConnectData(TOPIC, record.valueSchema(), record.value()),
                    headers));
        }
    }

    private static long rows(PostgresDatabase db) {
        return db.queryValue("SELECT count(*) FROM (SELECT 1 FROM pg_class WHERE relname = 'blocks') t", Long.class) == 0
                ? 0 : db.queryValue("SELECT count(*) FROM blocks", Long.class);
    }

    @Test
    void theConnectorValidatesThroughRest(ConnectCluster cluster, PostgresDatabase db) {
        Map<String, String> config = sinkConfig(db);
        config.put("name", "validate-me");
        ConfigInfos valid = cluster.embedded().validateConnectorConfig(AmpPostgresSinkConnector.class.getName(), config);
        config.put("header.converter", "org.apache.kafka.connect.storage.SimpleHeaderConverter");
        config.put("pg.schema", "missing_schema");
        ConfigInfos invalid = cluster.embedded().validateConnectorConfig(AmpPostgresSinkConnector.class.getName(), config);

        assertEquals(0, valid.errorCount(), valid.toString());
        List<String> headerErrors = invalid.configs().stream().map(ConfigInfo::configValue)
                .filter(v -> v.name().equals("header.converter")).flatMap(v -> v.errors().stream()).toList();
        assertEquals(1, headerErrors.size(), invalid.toString());
        assertTrue(headerErrors.get(0).contains("StringConverter"), headerErrors.get(0));
    }

    @Test
    void aWorkerWritesAStreamAppliesAnInvalidationAndCommitsStoredOffsets(ConnectCluster cluster, PostgresDatabase db) {
        cluster.createTopic(TOPIC, 1);
        TopicLog log = new TopicLog();
        ChainStream chain = new ChainStream(log, TOPIC, "blocks", "eth");
        chain.batch(100, 109, 10);
        chain.batch(110, 119, 10);
        publish(cluster, log, 0);
        ConnectorClient sink = cluster.connector("pg-sink");
        sink.configure(sinkConfig(db));
        sink.awaitRunning(1, TIMEOUT);

        Await.condition("200 rows in PostgreSQL", TIMEOUT, () -> rows(db) == 200, () -> rows(db) + " rows");
        long before = log.endOffset(new TopicPartition(TOPIC, 0));
        chain.reorg(110, 119);
        publish(cluster, log, before);
        Await.condition("the invalidated batch deleted", TIMEOUT, () -> rows(db) == 100, () -> rows(db) + " rows");

        Await.condition("the stored offset committed to the consumer group", TIMEOUT,
                () -> Long.valueOf(before + 1).equals(sink.sinkOffsets().get(new TopicPartition(TOPIC, 0))),
                () -> sink.sinkOffsets().toString());
        assertEquals(before + 1, db.queryValue("SELECT next_offset FROM amp_sink_offsets WHERE connector = 'pg-sink'", Long.class));
        assertEquals(109L, db.queryValue("SELECT last_complete_block FROM amp_sink_progress WHERE table_name = 'blocks'", Long.class));
    }
}
