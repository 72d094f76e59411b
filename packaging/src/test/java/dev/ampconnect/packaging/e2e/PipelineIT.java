package dev.ampconnect.packaging.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.ampconnect.packaging.cluster.Await;
import dev.ampconnect.packaging.cluster.FreePorts;
import dev.ampconnect.packaging.rest.ConfigValidation;
import dev.ampconnect.testsupport.iceberg.IcebergCatalog;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole product path on the pinned Kafka (4.3.1 broker and worker, exactly-once source): the five BUILT
 * Hub zips in plugin.path of a real Connect worker, configured only through REST; the amp simulator streams
 * transactions (record.format=rows) and blocks (record.format=arrow) through Kafka into PostgreSQL, Redis,
 * ClickHouse (transactions) and Iceberg (transactions on a REST catalog, blocks on a JDBC catalog in the pipeline's
 * PostgreSQL) while the chain reorgs 12 times; at the end every store holds exactly the canonical chain. On the same
 * cluster: validate() naming the offending key, a third-party sink that filters control records by header,
 * the sinks' metrics over JMX, a poisoned record routed to the dead letter queue while the pipeline stays
 * exact, and the source's and sinks' metrics scraped through the real Prometheus JMX exporter agent (with the
 * rules the zips ship) as the shipped Grafana dashboard queries them. The tests run in order on one deployment.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {

    private static final Duration STEP = Duration.ofSeconds(120);
    private static final String DLQ = "amp.dlq";
    /** Where the worker's Prometheus JMX exporter agent serves /metrics. */
    private static final int PROMETHEUS_PORT = FreePorts.next();

    @RegisterExtension
    static final PipelineExtension pipeline = PipelineExtension.builder()
            .simulator(b -> b.initialHead(ReorgScenario.INITIAL_HEAD))
            .extraPlugins(FileStreamConnectors::install)
            .workerJvmOption(plugins -> PrometheusExporter.agentOption(PROMETHEUS_PORT, plugins))
            .withClickHouse()
            .withIceberg()
            .build();

    /** The sinks of the transactions topic (JSON records): each one gets the poisoned record once. */
    private static final List<String> TRANSACTION_SINKS = List.of(PipelineConnectors.PG_ROWS,
            PipelineConnectors.REDIS_ROWS, PipelineConnectors.CLICKHOUSE_ROWS, PipelineConnectors.ICEBERG_ROWS);

    private static PipelineConnectors connectors;
    private static ReorgScenario.Figures figures;

    @Test
    @Order(1)
    void everyStoreEqualsTheCanonicalChainAfterTwelveReorgs() {
        connectors = PipelineConnectors.deployAll(pipeline, c -> PipelineConfigs.withDeadLetterQueue(c, DLQ));
        figures = ReorgScenario.run(pipeline, connectors, 7, STEP);
        connectors.awaitMatchesCanonicalChain(STEP);
        System.out.println("PipelineIT figures: " + figures);
        assertTrue(figures.reorgs() >= 10, figures::toString);
        assertEquals(60, figures.deepestReorg(), figures::toString);
    }

    @Test
    @Order(2)
    void validateNamesTheOffendingKeyOfEveryConnector() throws IOException {
        int closedPort = FreePorts.next();

        Map<String, String> source = pipeline.configs().source(PipelineStream.TRANSACTIONS);
        source.put("amp.server.uri", "grpc://localhost:" + closedPort);
        assertOnlyKeyFails(PipelineConfigs.SOURCE_CLASS, source, "amp.server.uri");

        Map<String, String> badQuery = pipeline.configs().source(PipelineStream.TRANSACTIONS);
        badQuery.put("stream.transactions.query", "SELECT * FROM " + PipelineStream.DATASET + ".no_such_table");
        assertOnlyKeyFails(PipelineConfigs.SOURCE_CLASS, badQuery, "stream.transactions.query");

        Map<String, String> postgres = pipeline.configs().postgresSink(PipelineStream.TRANSACTIONS);
        postgres.put("pg.url", "jdbc:postgresql://localhost:" + closedPort + "/nowhere");
        assertOnlyKeyFails(PipelineConfigs.POSTGRES_SINK_CLASS, postgres, "pg.url");

        Map<String, String> redis = pipeline.configs().redisSink(PipelineStream.TRANSACTIONS);
        redis.put("redis.port", Integer.toString(closedPort));
        assertOnlyKeyFails(PipelineConfigs.REDIS_SINK_CLASS, redis, "redis.host");

        Map<String, String> clickHouse = pipeline.configs().clickHouseSink(PipelineStream.TRANSACTIONS);
        clickHouse.put("ch.url", "http://localhost:" + closedPort);
        assertOnlyKeyFails(PipelineConfigs.CLICKHOUSE_SINK_CLASS, clickHouse, "ch.url");

        Map<String, String> restCatalog = pipeline.configs().icebergSink(PipelineStream.TRANSACTIONS,
                IcebergCatalog.Kind.REST);
        restCatalog.put("iceberg.catalog.uri", "http://localhost:" + closedPort);
        assertOnlyKeyFails(PipelineConfigs.ICEBERG_SINK_CLASS, restCatalog, "iceberg.catalog.uri");

        Map<String, String> jdbcCatalog = pipeline.configs().icebergSink(PipelineStream.BLOCKS, IcebergCatalog.Kind.JDBC);
        jdbcCatalog.put("iceberg.catalog.uri", "jdbc:postgresql://localhost:" + closedPort + "/nowhere");
        assertOnlyKeyFails(PipelineConfigs.ICEBERG_SINK_CLASS, jdbcCatalog, "iceberg.catalog.uri");

        // the good configs of the new sinks pass, the JDBC catalog's through the zip's own PostgreSQL driver
        for (Map.Entry<String, Map<String, String>> sink : Map.of(
                PipelineConfigs.CLICKHOUSE_SINK_CLASS, pipeline.configs().clickHouseSink(PipelineStream.TRANSACTIONS),
                PipelineConfigs.ICEBERG_SINK_CLASS, pipeline.configs().icebergSink(PipelineStream.BLOCKS,
                        IcebergCatalog.Kind.JDBC)).entrySet()) {
            ConfigValidation valid = pipeline.rest().validate(sink.getKey(), sink.getValue());
            assertEquals(0, valid.errorCount(), valid::toString);
        }

        ConfigValidation good = pipeline.rest().validate(PipelineConfigs.SOURCE_CLASS,
                pipeline.configs().source(PipelineStream.TRANSACTIONS));
        assertEquals(0, good.errorCount(), good::toString);
    }

    private static void assertOnlyKeyFails(String connectorClass, Map<String, String> config, String key) {
        ConfigValidation validation = pipeline.rest().validate(connectorClass, config);
        assertFalse(validation.errorsFor(key).isEmpty(), () -> key + " should carry the error: " + validation);
        assertEquals(Set.of(key), validation.errorsByKey().entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(Map.Entry::getKey).collect(Collectors.toSet()), validation::toString);
        System.out.println("PipelineIT validate " + connectorClass.substring(connectorClass.lastIndexOf('.') + 1)
                + " -> " + key + ": " + validation.errorsFor(key));
    }

    @Test
    @Order(3)
    void aThirdPartySinkWithTheFilterSmtAndHasHeaderKeyReceivesOnlyDataRows() throws IOException {
        Path file = pipeline.workDir().resolve("transactions-data-only.txt");
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", FileStreamConnectors.SINK_CLASS);
        config.put("tasks.max", "1");
        config.put("topics", PipelineStream.TRANSACTIONS.topic());
        config.put("file", file.toString());
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("consumer.override.isolation.level", "read_committed");
        // README "filtering control records": drop every record carrying the amp.control header
        config.put("transforms", "dropControl");
        config.put("transforms.dropControl.type", "org.apache.kafka.connect.transforms.Filter");
        config.put("transforms.dropControl.predicate", "isControl");
        config.put("predicates", "isControl");
        config.put("predicates.isControl.type", "org.apache.kafka.connect.transforms.predicates.HasHeaderKey");
        config.put("predicates.isControl.name", "amp.control");
        pipeline.deploy("file-transactions", config);

        List<TopicRecords.Message> topic = TopicRecords.readAll(pipeline.broker().bootstrapServers(),
                PipelineStream.TRANSACTIONS.topic(), STEP);
        List<String> dataRows = topic.stream().filter(m -> !m.isControl()).map(TopicRecords.Message::valueText).toList();
        long controls = topic.stream().filter(TopicRecords.Message::isControl).count();
        assertTrue(controls > 0 && !dataRows.isEmpty(), "the topic should hold both kinds");
        List<String> lines = Await.value(dataRows.size() + " lines in " + file, STEP, () -> {
            List<String> now = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
            return now.size() >= dataRows.size() ? java.util.Optional.of(now) : java.util.Optional.empty();
        });
        assertEquals(dataRows, lines, "exactly the data rows of the topic, in order");
        assertTrue(lines.stream().allMatch(l -> l.contains("\"_amp_batch_id\"")), "every line is a data row");
        System.out.println("PipelineIT filter: " + lines.size() + " data rows written, " + controls
                + " control records dropped");
    }

    @Test
    @Order(4)
    void theSinksPublishTheirCountersOverJmx() {
        long canonicalTransactions = figures.transactionRows();
        try (WorkerJmx jmx = WorkerJmx.attach(pipeline.cluster().worker(0).pid())) {
            for (String sink : TRANSACTION_SINKS) {
                String pattern = "kafka.connect:connector=" + sink + ",*";
                Map<String, Double> metrics = Await.value("JMX metrics of " + sink, STEP,
                        () -> jmx.numericAttributes(pattern, "rows-written-total"));
                System.out.println("PipelineIT JMX " + sink + ": " + metrics);
                // the rows of replaced forks were written too, and deleted again
                assertTrue(metrics.get("rows-written-total") >= canonicalTransactions, metrics::toString);
                assertTrue(metrics.get("rows-deleted-total") > 0, metrics::toString);
                // what is left is exactly the canonical chain: every replaced row was deleted, nothing else
                assertEquals(canonicalTransactions, metrics.get("rows-written-total") - metrics.get("rows-deleted-total"),
                        metrics::toString);
                // one invalidation per reorg step the scenario waited out (11), plus the session's opening rewind
                assertTrue(metrics.get("invalidations-total") >= 11, metrics::toString);
                assertTrue(metrics.get("batches-completed-total") > 0, metrics::toString);
            }
        }
    }

    @Test
    @Order(5)
    void aPoisonedRecordGoesToTheDeadLetterQueueAndThePipelineStaysExact() {
        byte[] poison = "{not json".getBytes(StandardCharsets.UTF_8);
        long offset = TopicRecords.produce(pipeline.broker().bootstrapServers(), PipelineStream.TRANSACTIONS.topic(),
                poison);

        List<TopicRecords.Message> dead = Await.value("every JSON sink's DLQ record", STEP, () -> {
            // the sinks' tasks created the topic when they started (Connect's DeadLetterQueueReporter)
            List<TopicRecords.Message> now = TopicRecords.readAll(pipeline.broker().bootstrapServers(), DLQ,
                    Duration.ofSeconds(30));
            return now.size() >= TRANSACTION_SINKS.size() ? java.util.Optional.of(now) : java.util.Optional.empty();
        });
        assertEquals(TRANSACTION_SINKS.size(), dead.size(), "only the poisoned record, once per sink reading it: " + dead);
        assertEquals(Set.copyOf(TRANSACTION_SINKS),
                dead.stream().map(m -> m.headers().get("__connect.errors.connector.name")).collect(Collectors.toSet()));
        for (TopicRecords.Message m : dead) {
            assertEquals("{not json", m.valueText());
            assertEquals(PipelineStream.TRANSACTIONS.topic(), m.headers().get("__connect.errors.topic"), m.headers()::toString);
            assertEquals(Long.toString(offset), m.headers().get("__connect.errors.offset"), m.headers()::toString);
            assertEquals("VALUE_CONVERTER", m.headers().get("__connect.errors.stage"), m.headers()::toString);
            assertTrue(m.headers().get("__connect.errors.exception.class.name").contains("DataException"),
                    m.headers()::toString);
        }
        System.out.println("PipelineIT DLQ headers: " + dead.get(0).headers().keySet());

        // the rest of the pipeline continues: more blocks and a reorg after the poisoned record
        pipeline.amp().chain().mine(4);
        pipeline.amp().chain().reorg(3);
        pipeline.amp().chain().mine(1);
        connectors.awaitSinksAtHead(STEP);
        connectors.awaitMatchesCanonicalChain(STEP);
        for (String sink : TRANSACTION_SINKS) {
            assertEquals("RUNNING", pipeline.rest().status(sink).tasks().get(0).state(), sink);
        }
    }

    @Test
    @Order(6)
    void aRowThePostgresTableRejectsGoesToTheDeadLetterQueueFromTheSinkItself() {
        // a plain (non-amp) topic into an existing table whose column cannot hold one of the values: the store's
        // data error (SQLSTATE 22001), classified by the sink and reported through Connect's ErrantRecordReporter
        pipeline.postgres().execute("CREATE TABLE \"codes\" (\"id\" BIGINT, \"code\" VARCHAR(3))");
        pipeline.createTopics("plain.codes");
        Map<String, String> config = pipeline.configs().postgresSink(PipelineStream.TRANSACTIONS);
        config.put("topics", "plain.codes");
        config.put("table.name.format", "codes");
        PipelineConfigs.withDeadLetterQueue(config, "amp.dlq.codes");
        pipeline.deploy("pg-codes", config);

        List<String> codes = List.of("abc", "too long", "xyz");
        for (int id = 0; id < codes.size(); id++) {
            String json = "{\"schema\":{\"type\":\"struct\",\"optional\":false,\"fields\":["
                    + "{\"field\":\"id\",\"type\":\"int64\",\"optional\":false},"
                    + "{\"field\":\"code\",\"type\":\"string\",\"optional\":false}]},"
                    + "\"payload\":{\"id\":" + id + ",\"code\":\"" + codes.get(id) + "\"}}";
            TopicRecords.produce(pipeline.broker().bootstrapServers(), "plain.codes", json.getBytes(StandardCharsets.UTF_8));
        }

        Await.until("the two valid rows in table codes", STEP, () -> pipeline.postgres()
                .queryValue("SELECT count(*) FROM \"codes\"", Long.class) == 2);
        assertEquals(List.of(Map.of("id", 0L, "code", "abc"), Map.of("id", 2L, "code", "xyz")),
                pipeline.postgres().query("SELECT \"id\", \"code\" FROM \"codes\" ORDER BY \"id\""));
        List<TopicRecords.Message> dead = Await.value("the rejected row in the DLQ", STEP, () -> {
            List<TopicRecords.Message> now = TopicRecords.readAll(pipeline.broker().bootstrapServers(), "amp.dlq.codes",
                    Duration.ofSeconds(30));
            return now.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(now);
        });
        assertEquals(1, dead.size(), dead::toString);
        TopicRecords.Message m = dead.get(0);
        assertTrue(m.valueText().contains("\"too long\""), m::valueText);
        assertEquals("1", m.headers().get("__connect.errors.offset"), m.headers()::toString);
        assertEquals("pg-codes", m.headers().get("__connect.errors.connector.name"), m.headers()::toString);
        assertEquals("TASK_PUT", m.headers().get("__connect.errors.stage"), m.headers()::toString);
        System.out.println("PipelineIT sink DLQ: " + m.headers().get("__connect.errors.exception.class.name") + ": "
                + m.headers().get("__connect.errors.exception.message"));
        assertEquals("RUNNING", pipeline.rest().status("pg-codes").tasks().get(0).state());
    }

    @Test
    @Order(7)
    void prometheusScrapesTheSourceAndSinkMetricsWithTheirLabelsAndTheDashboardQueriesOnlyThose() {
        connectors.awaitSinksAtHead(STEP);
        long head = pipeline.amp().chain().head();
        String headHash = pipeline.amp().chain().block(head).hash().hex();
        String stream = PipelineStream.TRANSACTIONS.name().toLowerCase(java.util.Locale.ROOT);
        String sourceBean = "kafka.connect:type=plugins,connector=" + PipelineConnectors.SOURCE_ROWS + ",task=0,stream="
                + stream;
        String sourceNetworkBean = sourceBean + ",network=anvil";

        try (WorkerJmx jmx = WorkerJmx.attach(pipeline.cluster().worker(0).pid())) {
            System.out.println("PipelineIT plugin MBeans: " + jmx.beanNames("kafka.connect:type=plugins,*"));
            Map<String, Double> perStream = Await.value("the source's stream metrics over JMX", STEP,
                    () -> jmx.numericAttributes(sourceBean, "reorgs-total"));
            Map<String, Double> perNetwork = Await.value("the source's watermark at head " + head + " over JMX", STEP,
                    () -> jmx.numericAttributes(sourceNetworkBean, "last-watermark-block")
                            .filter(m -> m.get("last-watermark-block") == head));
            System.out.println("PipelineIT JMX " + sourceBean + ": " + perStream);
            System.out.println("PipelineIT JMX " + sourceNetworkBean + ": " + perNetwork);
            assertTrue(perStream.get("reorgs-total") >= 10, perStream::toString);
            assertTrue(perStream.get("reorg-max-depth-blocks") >= 60, "the scenario's deep reorg: " + perStream);
            assertTrue(perStream.get("rows-total") >= figures.transactionRows(), perStream::toString);
            assertTrue(perStream.get("rewinds-total") >= 1 && perStream.get("microbatches-total") > 0, perStream::toString);
            assertEquals(headHash, jmx.attribute(sourceNetworkBean, "last-watermark-hash"));
        }

        List<PrometheusExporter.Sample> samples = Await.value("a scrape showing the source at head " + head, STEP, () -> {
            List<PrometheusExporter.Sample> now = PrometheusExporter.scrape(PROMETHEUS_PORT);
            return find(now, "amp_source_last_watermark_block", Map.of("connector", PipelineConnectors.SOURCE_ROWS,
                    "task", "0", "stream", stream, "network", "anvil")).filter(v -> v == head).map(v -> now);
        });
        Set<String> scraped = samples.stream().map(PrometheusExporter.Sample::name).collect(Collectors.toSet());
        System.out.println("PipelineIT scraped amp metrics: " + samples.stream()
                .filter(sample -> sample.name().startsWith("amp_") || sample.name().startsWith("kafka_connect_"))
                .map(sample -> sample.name() + sample.labels().keySet()).distinct().sorted().toList());

        assertTrue(find(samples, "amp_source_reorgs_total", Map.of("connector", PipelineConnectors.SOURCE_ROWS,
                "task", "0", "stream", stream)).orElseThrow() >= 10, "the source's reorgs, labelled by stream");
        assertEquals(head, find(samples, "amp_sink_last_complete_block", Map.of("connector", PipelineConnectors.PG_ROWS,
                "task", "0", "table", "transactions", "network", "anvil")).orElseThrow(), 0.0,
                "the sink's last block, labelled by table and network");
        assertTrue(find(samples, "amp_sink_rows_written_total", Map.of("connector", PipelineConnectors.PG_ROWS,
                "task", "0")).orElseThrow() >= figures.transactionRows(), "the sink's counters, labelled by connector");
        // the new sinks publish the same series under their own connector and table labels
        for (String sink : List.of(PipelineConnectors.CLICKHOUSE_ROWS, PipelineConnectors.ICEBERG_ROWS,
                PipelineConnectors.ICEBERG_ARROW)) {
            String table = sink.equals(PipelineConnectors.ICEBERG_ARROW) ? "blocks" : "transactions";
            long rows = table.equals("blocks") ? figures.blockRows() : figures.transactionRows();
            assertEquals(head, find(samples, "amp_sink_last_complete_block", Map.of("connector", sink, "task", "0",
                    "table", table, "network", "anvil")).orElseThrow(() -> new AssertionError(
                    "no amp_sink_last_complete_block of " + sink)), 0.0, sink + "'s last block");
            for (String counter : List.of("amp_sink_rows_written_total", "amp_sink_rows_deleted_total",
                    "amp_sink_invalidations_total", "amp_sink_commit_lag_ms")) {
                assertTrue(find(samples, counter, Map.of("connector", sink, "task", "0")).isPresent(),
                        () -> "no " + counter + " of " + sink);
            }
            assertTrue(find(samples, "amp_sink_rows_written_total", Map.of("connector", sink, "task", "0"))
                    .orElseThrow() >= rows, sink + "'s rows written");
        }

        GrafanaDashboard dashboard = GrafanaDashboard.read(BuildOutputs.grafanaDashboard());
        assertFalse(dashboard.expressions().isEmpty());
        for (String expression : dashboard.expressions()) {
            Set<String> names = GrafanaDashboard.metricNames(expression);
            assertFalse(names.isEmpty(), () -> "the dashboard query names no amp or Connect metric: " + expression);
            assertTrue(scraped.containsAll(names), () -> "the dashboard query " + expression + " names a metric the "
                    + "scrape did not return: " + names.stream().filter(n -> !scraped.contains(n)).toList());
        }
        System.out.println("PipelineIT dashboard: " + dashboard.expressions().size() + " queries, every metric scraped");
    }

    /** The value of the sample {@code name} whose labels include {@code labels}. */
    private static java.util.Optional<Double> find(List<PrometheusExporter.Sample> samples, String name,
                                                   Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .map(PrometheusExporter.Sample::value).findFirst();
    }
}
