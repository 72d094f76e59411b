package dev.ampconnect.benchmarks.redis;

import dev.ampconnect.common.range.BatchId;
import dev.ampconnect.common.range.BlockRange;
import dev.ampconnect.common.sink.conformance.ChainStream;
import dev.ampconnect.common.sink.conformance.SinkTaskDriver;
import dev.ampconnect.common.sink.conformance.TopicLog;
import dev.ampconnect.sink.redis.AmpRedisSinkTask;
import dev.ampconnect.testsupport.redis.RedisServer;
import dev.ampconnect.testsupport.redis.RedisServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;

/**
 * 1M rows into Redis hashes through the real sink task (arrow record format, default layout: one hash per
 * row, key {@code ${table}:${row}}), next to the same hashes written by pipelined raw Jedis HSETs and, when
 * installed, {@code redis-benchmark -P 100}, on the same server in the same run. Also the keyed layout
 * ({@code ${table}:${tx_hash}}, pre-image capture on every write). Prints rows/s and the ratio.
 *
 * <p>Arguments: rows (default 1,000,000), rows per microbatch (default 10,000).
 */
public final class RedisSinkBenchmark {

    private static final String TOPIC = "bench_tx";
    private static final java.util.concurrent.atomic.AtomicInteger RUNS = new java.util.concurrent.atomic.AtomicInteger();

    private RedisSinkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int perBatch = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        RedisServer server = RedisServers.shared();
        System.out.printf(Locale.ROOT, "Redis %s (%s), %,d rows of %d columns, %,d rows per microbatch%n",
                server.serverVersion(), server.origin(), rows, TransactionColumns.COLUMNS, perBatch);
        try {
            TopicLog log = new TopicLog();
            List<Long> recordRows = feed(log, rows, perBatch);
            // round 0 warms the JIT for both paths (the raw Jedis path ran 30-40 % slower cold); not compared
            for (int round = 0; round <= 3; round++) {
                flush(server);
                double raw = rawJedis(server, recordRows, perBatch);
                flush(server);
                double sink = sink(server, log, Map.of(), rows);
                flush(server);
                double keyed = sink(server, log, Map.of("redis.key.template", "${table}:${tx_hash}"), rows);
                flush(server);
                double tool = redisBenchmark(server, rows);
                System.out.printf(Locale.ROOT, (round == 0 ? "warm-up, not compared: " : "") + "round %d: raw pipelined HSET %,.0f rows/s | sink (${table}:${row}) %,.0f rows/s"
                                + " = %.0f %% of raw | sink keyed (${table}:${tx_hash}, pre-images) %,.0f rows/s = %.0f %% | %s%n",
                        round, raw, sink, 100 * sink / raw, keyed, 100 * keyed / raw,
                        tool < 0 ? "redis-benchmark not installed" : String.format(Locale.ROOT,
                                "redis-benchmark -P 100 HSET (6 fields) %,.0f rows/s", tool));
            }
        } finally {
            server.close();
        }
    }

    /** Appends the microbatches to the log (arrow format); returns the row count of every data record. */
    private static List<Long> feed(TopicLog log, int rows, int perBatch) {
        ChainStream chain = new ChainStream(log, TOPIC, "transactions", "eth").arrowFormat(900_000);
        List<Long> recordRows = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator()) {
            long block = 1_000_000;
            for (int first = 0; first < rows; first += perBatch) {
                int count = Math.min(perBatch, rows - first);
                BlockRange range = chain.range(block, block + 9);
                try (VectorSchemaRoot batch = TransactionColumns.batch(allocator, first, count, block)) {
                    List<SinkRecord> records = chain.arrowData(List.of(range), batch);
                    for (int i = 0; i < records.size(); i++) {
                        int start = Integer.parseInt(records.get(i).headers().lastWithName("amp.row").value().toString());
                        int end = i + 1 < records.size()
                                ? Integer.parseInt(records.get(i + 1).headers().lastWithName("amp.row").value().toString())
                                : count;
                        recordRows.add((long) (end - start));
                    }
                }
                chain.watermark(range, count);
                recordRows.add(0L);
                block += 10;
            }
        }
        return recordRows;
    }

    /** The same hashes (same keys, fields and values) written by pipelined HSET, 1,000 commands per sync. */
    private static double rawJedis(RedisServer server, List<Long> recordRows, int perBatch) {
        ChainStream hashes = new ChainStream(new TopicLog(), TOPIC, "transactions", "eth");
        List<byte[][]> rows = new ArrayList<>();
        long offset = 0;
        int row = 0;
        for (long count : recordRows) {
            for (int i = 0; i < count; i++) {
                byte[] key = (TOPIC + ":" + TOPIC + ":0:" + offset + ":" + i).getBytes(StandardCharsets.US_ASCII);
                long blockBase = 1_000_000L + 10L * (row / perBatch);
                String batchId = BatchId.of(hashes.range(blockBase, blockBase + 9));
                rows.add(TransactionColumns.hsetArgs(key, row++, blockBase, batchId));
            }
            offset++;
        }
        long started = System.nanoTime();
        try (Jedis jedis = server.connect()) {
            Pipeline pipeline = jedis.pipelined();
            int pending = 0;
            for (byte[][] args : rows) {
                pipeline.sendCommand(Protocol.Command.HSET, args);
                if (++pending == 1_000) {
                    pipeline.sync();
                    pending = 0;
                }
            }
            pipeline.sync();
        }
        return rows.size() / seconds(started);
    }

    /** The sink task from an empty store to every row stored (its last offset commit included). */
    private static double sink(RedisServer server, TopicLog log, Map<String, String> extra, int rows) {
        Map<String, String> config = new HashMap<>();
        // a new connector (and so consumer group) per run: every run reads the log from its start
        config.put("name", "bench-" + RUNS.incrementAndGet());
        config.put("topics", TOPIC);
        config.put("header.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("redis.host", server.host());
        config.put("redis.port", Integer.toString(server.port()));
        config.put("buffer.flush.rows", "50000");
        config.put("buffer.flush.interval.ms", "600000");
        config.putAll(extra);
        long started = System.nanoTime();
        SinkTaskDriver driver = new SinkTaskDriver(new AmpRedisSinkTask(), config, log, Set.of(new TopicPartition(TOPIC, 0)))
                .maxPollRecords(500).start();
        driver.deliver().commit();
        driver.idle();
        double perSecond = rows / seconds(started);
        if (driver.metrics().rowsWritten() != rows) {
            throw new IllegalStateException("the sink wrote " + driver.metrics().rowsWritten() + " rows, expected " + rows);
        }
        driver.stop();
        return perSecond;
    }

    /** {@code redis-benchmark -P 100} of HSETs of the same field count and similar sizes, or -1 when absent. */
    private static double redisBenchmark(RedisServer server, int rows) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-benchmark", "-h", server.host(), "-p",
                Integer.toString(server.port()), "-n", Integer.toString(rows), "-r", "100000000", "-P", "100", "-c", "1",
                "-q", "--csv", "HSET", "bench:__rand_int__"));
        command.addAll(TransactionColumns.sampleFields());
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            return -1;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("redis-benchmark failed: " + output);
        }
        for (String line : output.split("\n")) {
            String[] cells = line.replace("\"", "").split(",");
            if (cells.length >= 2 && cells[0].startsWith("HSET")) {
                return Double.parseDouble(cells[1]);
            }
        }
        throw new IllegalStateException("no rate in redis-benchmark output: " + output);
    }

    /** FLUSHALL with a timeout that fits a million keys (the test client's default is 2 s). */
    private static void flush(RedisServer server) {
        try (Jedis jedis = new Jedis(server.host(), server.port(), 120_000)) {
            jedis.flushAll();
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
