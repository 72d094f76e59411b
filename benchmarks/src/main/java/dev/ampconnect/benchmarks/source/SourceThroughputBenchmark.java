package dev.ampconnect.benchmarks.source;

import dev.ampconnect.common.contract.AmpHeaders;
import dev.ampconnect.common.protocol.AmpBatchMetadata;
import dev.ampconnect.simulator.AmpSimulator;
import dev.ampconnect.source.flightsql.AmpFlightSqlSourceConnector;
import dev.ampconnect.testsupport.Await;
import dev.ampconnect.testsupport.connect.ConnectCluster;
import dev.ampconnect.testsupport.connect.ConnectClusterSpec;
import dev.ampconnect.testsupport.connect.ConnectorClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Source throughput, simulator -> Kafka, for the {@code transactions} table: a plain Flight SQL client
 * reading the same stream without Kafka (the ceiling), then the connector in a real Connect worker with
 * {@code record.format=rows} + JsonConverter and with {@code record.format=arrow} + ByteArrayConverter. The
 * connector's rate is measured from the records' timestamps (first data record to the last watermark),
 * so worker start-up is not included; the counting consumer reads only after the connector's offset
 * reached the head, so it does not compete for the CPU. Producer compression is off. Not a test
 * (BENCHMARKS.md has the command).
 *
 * <p>System properties: {@code bench.blocks} (default 5000), {@code bench.txPerBlock} (200).
 */
public final class SourceThroughputBenchmark {

    private static final String SQL = "SELECT * FROM anvil.transactions";

    private SourceThroughputBenchmark() {
    }

    /** One measured run. */
    public record Result(String path, long rows, long bytes, double seconds) {
        String line() {
            return String.format(Locale.ROOT, "| %-42s | %,10d | %8.1f | %,10.0f | %7.1f |",
                    path, rows, seconds, rows / seconds, bytes / seconds / 1e6);
        }
    }

    public static void main(String[] args) throws Exception {
        long blocks = Long.getLong("bench.blocks", 5000);
        int txPerBlock = Integer.getInteger("bench.txPerBlock", 200);
        try (AmpSimulator amp = AmpSimulator.builder().network("anvil").initialHead(blocks - 1)
                .transactionsPerBlock(txPerBlock).maxBlocksPerMicrobatch(1000).start();
             ConnectCluster cluster = ConnectCluster.start("source-bench", ConnectClusterSpec.defaults())) {
            long head = blocks - 1;
            Result warmUp = plainFlight(amp, head); // JIT and simulator caches, not reported
            Result ceiling = plainFlight(amp, head);
            Result rows = throughConnect(cluster, amp, "rows", head, true);
            Result schemaless = throughConnect(cluster, amp, "rows", head, false);
            Result arrow = throughConnect(cluster, amp, "arrow", head, true);
            System.out.println();
            System.out.printf(Locale.ROOT, "transactions: %,d blocks x %d tx = %,d rows (warm-up %.1f s)%n",
                    blocks, txPerBlock, ceiling.rows(), warmUp.seconds());
            System.out.println("| path | rows | s | rows/s | MB/s |");
            System.out.println("|---|---|---|---|---|");
            for (Result result : List.of(ceiling, rows, schemaless, arrow)) {
                System.out.println(result.line());
            }
        }
    }

    /** The ceiling: a Flight SQL client draining the stream up to the watermark of {@code head}. */
    static Result plainFlight(AmpSimulator amp, long head) throws Exception {
        return plainFlight(amp, head, SQL);
    }

    /** A Flight SQL client draining {@code sql} as a stream up to the watermark of {@code head} (no Kafka). */
    public static Result plainFlight(AmpSimulator amp, long head, String sql) throws Exception {
        try (BufferAllocator allocator = new RootAllocator();
             FlightClient client = FlightClient.builder(allocator, Location.forGrpcInsecure("localhost", amp.port())).build()) {
            FlightSqlClient flightSql = new FlightSqlClient(client);
            FlightCallHeaders headers = new FlightCallHeaders();
            headers.insert("amp-stream", "true");
            long started = -1;
            FlightInfo info = flightSql.execute(sql, new HeaderCallOption(headers));
            long rows = 0;
            long bytes = 0;
            try (FlightStream stream = flightSql.getStream(info.getEndpoints().get(0).getTicket())) {
                while (stream.next()) {
                    if (started < 0 && stream.getRoot().getRowCount() > 0) {
                        started = System.nanoTime();
                    }
                    rows += stream.getRoot().getRowCount();
                    for (FieldVector vector : stream.getRoot().getFieldVectors()) {
                        bytes += vector.getBufferSize();
                    }
                    ArrowBuf metadata = stream.getLatestMetadata();
                    byte[] json = new byte[(int) metadata.readableBytes()];
                    metadata.getBytes(0, json);
                    AmpBatchMetadata meta = AmpBatchMetadata.parse(json);
                    if (meta.rangesComplete() && meta.ranges().get(0).end() >= head) {
                        break;
                    }
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                stream.cancel("benchmark done", null);
                return new Result("plain Flight client (ceiling)", rows, bytes, seconds);
            }
        }
    }

    /** The connector in a real worker, one format; counts rows from the watermarks and bytes of the values. */
    static Result throughConnect(ConnectCluster cluster, AmpSimulator amp, String format, long head, boolean schemas) {
        String name = "bench-" + format + (schemas ? "" : "-schemaless");
        String topic = name;
        cluster.createTopic(topic, 1);
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", AmpFlightSqlSourceConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("amp.server.uri", amp.uri().toString());
        config.put("streams", "tx");
        config.put("stream.tx.query", SQL);
        config.put("stream.tx.topic", topic);
        config.put("record.format", format);
        config.put("header.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter", format.equals("rows") ? "org.apache.kafka.connect.json.JsonConverter"
                : "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("value.converter.schemas.enable", Boolean.toString(schemas));
        config.put("producer.override.linger.ms", "20");
        config.put("producer.override.batch.size", "1048576");
        ConnectorClient connector = cluster.connector(name);
        connector.configure(config);
        connector.awaitRunning(1, Duration.ofSeconds(60));
        // wait on the committed offset (a cheap REST call) so that no consumer competes for the 2 cores meanwhile
        Await.condition("connector " + format + " at block " + head, Duration.ofMinutes(20), () -> {
            Map<String, ?> offset = connector.sourceOffsets().get(Map.of("stream", "tx"));
            return offset != null && offset.get("cursor").toString().contains("\"number\":" + head + ",");
        }, () -> String.valueOf(connector.sourceOffsets()));

        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        long rows = 0;
        long bytes = 0;
        long firstTimestamp = -1;
        long lastTimestamp;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (true) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("benchmark " + format + ": watermark of block " + head + " not found");
                }
                Long done = null;
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String kind = header(record, AmpHeaders.KIND);
                    if (kind.equals("data")) {
                        if (firstTimestamp < 0) {
                            firstTimestamp = record.timestamp();
                        }
                        bytes += record.value().length;
                    } else if (kind.equals("watermark")) {
                        String json = new String(record.value(), StandardCharsets.UTF_8).replace(" ", "");
                        rows += watermarkRows(json);
                        if (json.contains("\"end\":" + head + ",")) {
                            done = record.timestamp();
                        }
                    }
                }
                if (done != null) {
                    lastTimestamp = done;
                    break;
                }
            }
        }
        connector.delete();
        String path = format.equals("arrow") ? "connector arrow + ByteArrayConverter"
                : schemas ? "connector rows + JsonConverter" : "connector rows + JsonConverter, no schemas";
        return new Result(path, rows, bytes, Math.max(1, lastTimestamp - firstTimestamp) / 1000.0);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The {@code rows} field of a watermark value, in either format's JSON. */
    private static long watermarkRows(String json) {
        int at = json.lastIndexOf("\"rows\":");
        int from = at + 7;
        int to = from;
        while (to < json.length() && Character.isDigit(json.charAt(to))) {
            to++;
        }
        return Long.parseLong(json.substring(from, to));
    }
}
