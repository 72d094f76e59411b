package dev.ampconnect.benchmarks.postgresql;

import dev.ampconnect.common.sink.buffer.RecordFormat;
import dev.ampconnect.sink.postgresql.AmpPostgresSinkConnector;
import dev.ampconnect.testsupport.connect.ConnectCluster;
import dev.ampconnect.testsupport.connect.ConnectClusterSpec;
import dev.ampconnect.testsupport.connect.ConnectorClient;
import dev.ampconnect.testsupport.postgres.PostgresDatabase;
import dev.ampconnect.testsupport.postgres.PostgresServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The PostgreSQL sink benchmark (BENCHMARKS.md): transactions-like rows already in Kafka -> PostgreSQL
 * through the sink in a real Connect worker, for both record formats; the same sink driven directly
 * (no Kafka); {@code psql \copy … (FORMAT binary)} of the same rows (the ceiling) and a batched INSERT
 * baseline; then a table pre-filled with {@code prefill} rows: load rate and the latency of invalidating
 * its last 100 blocks. Prints a Markdown table.
 */
public final class PostgresSinkBenchmark {

    private static final int TX_PER_BLOCK = 100;
    private static final int BLOCKS_PER_BATCH = 100;
    private static final int ROWS_PER_BATCH = TX_PER_BLOCK * BLOCKS_PER_BATCH;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(20);
    /** Runs of the short measurements (ceiling, sink alone), whose median is reported: the machine is shared. */
    private static final int REPEATS = 3;

    private final List<String> lines = new ArrayList<>();

    private PostgresSinkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        long prefill = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000;
        boolean directOnly = args.length > 2 && args[2].equals("direct");
        PostgresSinkBenchmark benchmark = new PostgresSinkBenchmark();
        if (directOnly) {
            benchmark.runDirect((int) (rows / ROWS_PER_BATCH));
        } else {
            benchmark.run((int) (rows / ROWS_PER_BATCH), (int) (prefill / ROWS_PER_BATCH));
        }
        System.exit(0);
    }

    /**
     * Only the sink task driven directly, next to the psql ceiling (exported from the first direct run's
     * table): the quick loop for work on the sink's own write path.
     */
    private void runDirect(int microbatches) throws Exception {
        long rows = (long) microbatches * ROWS_PER_BATCH;
        TransactionsDataset dataset = new TransactionsDataset(TX_PER_BLOCK);
        Path dir = Files.createTempDirectory("amp-pg-bench");
        PostgresDatabase db = PostgresServers.shared().createDatabase("pg_bench");
        try (BufferAllocator allocator = new RootAllocator()) {
            Map<RecordFormat, double[]> runs = new HashMap<>();
            for (RecordFormat format : RecordFormat.values()) {
                double[] seconds = new double[REPEATS];
                for (int i = 0; i < REPEATS; i++) {
                    seconds[i] = directRun(db, "tx_direct_" + name(format) + "_" + i, dataset, format, 0, microbatches,
                            allocator, new HeapWatch());
                }
                runs.put(format, seconds);
            }
            double[] ceilings = new double[REPEATS];
            for (int i = 0; i < REPEATS; i++) {
                quiesce(db);
                ceilings[i] = Baselines.psqlBinaryCopy(db, "tx_direct_arrow_0", "tx_ceiling_" + i, dir);
            }
            ceilingRate = rows / median(ceilings);
            line("| run | rows | seconds | rows/s | vs ceiling | |");
            line("|---|---|---|---|---|---|");
            row("psql \\copy … (FORMAT binary), same rows (ceiling; median of " + REPEATS + ": " + range(ceilings) + ")",
                    rows, median(ceilings), "");
            for (RecordFormat format : RecordFormat.values()) {
                double[] seconds = runs.get(format);
                row("sink task alone (no Kafka), " + name(format) + " format (median of " + REPEATS + ": " + range(seconds)
                        + ")", rows, median(seconds), "(input held in memory)");
            }
        }
    }

    private void run(int microbatches, int prefillBatches) throws Exception {
        long rows = (long) microbatches * ROWS_PER_BATCH;
        TransactionsDataset dataset = new TransactionsDataset(TX_PER_BLOCK);
        Path dir = Files.createTempDirectory("amp-pg-bench");
        PostgresDatabase db = PostgresServers.shared().createDatabase("pg_bench");
        line("| run | rows | seconds | rows/s | vs ceiling | live heap at 0/25/50/75/100 % |");
        line("|---|---|---|---|---|---|");
        try (BufferAllocator allocator = new RootAllocator()) {
            double ceiling;
            // large fetches, so the consumer's pipelined fetch keeps the task busy while a flush runs
            try (ConnectCluster cluster = ConnectCluster.start("pg-bench", ConnectClusterSpec.defaults()
                    .withWorkerProperty("consumer.max.partition.fetch.bytes", Integer.toString(64 << 20))
                    .withWorkerProperty("consumer.fetch.max.bytes", Integer.toString(64 << 20)))) {
                Map<RecordFormat, Double> worker = new HashMap<>();
                for (RecordFormat format : RecordFormat.values()) {
                    worker.put(format, workerRun(cluster, db, dataset, format, microbatches, allocator));
                }
                double[] ceilings = new double[REPEATS];
                for (int i = 0; i < REPEATS; i++) {
                    quiesce(db);
                    ceilings[i] = Baselines.psqlBinaryCopy(db, "tx_worker_arrow", "tx_ceiling_" + i, dir);
                }
                quiesce(db);
                ceiling = median(ceilings);
                ceilingRate = rows / ceiling;
                double insert = Baselines.batchedInsert(db, "tx_worker_arrow", "tx_insert", dataset, 0, microbatches,
                        BLOCKS_PER_BATCH, allocator);
                Map<RecordFormat, Double> discard = new HashMap<>();
                for (RecordFormat format : RecordFormat.values()) {
                    discard.put(format, discardRun(cluster, format));
                }
                for (RecordFormat format : RecordFormat.values()) {
                    row("Kafka -> Connect worker -> sink, " + name(format) + " format", rows, worker.get(format),
                            heapOf.get(format));
                    row("… steady state (first stored flush -> last)", (long) steady.get(format)[0], steady.get(format)[1], "");
                }
                for (RecordFormat format : RecordFormat.values()) {
                    row("Kafka -> Connect worker -> discarding sink, " + name(format) + " format (the worker's own ceiling)",
                            rows, discard.get(format), "");
                }
                row("psql \\copy … (FORMAT binary), same rows (ceiling; median of " + REPEATS + ": " + range(ceilings) + ")",
                        rows, ceiling, "");
                row("batched INSERT (pgjdbc reWriteBatchedInserts, 1,000/batch)", rows, insert, "");
            }
            for (RecordFormat format : RecordFormat.values()) {
                double[] runs = new double[REPEATS];
                for (int i = 0; i < REPEATS; i++) {
                    runs[i] = directRun(db, "tx_direct_" + name(format) + "_" + i, dataset, format, 0, microbatches,
                            allocator, new HeapWatch());
                }
                row("sink task alone (no Kafka), " + name(format) + " format (median of " + REPEATS + ": " + range(runs) + ")",
                        rows, median(runs), "(input held in memory)");
            }
            prefilled(db, dataset, prefillBatches, allocator, dir);
        }
        String report = String.join("\n", lines) + "\n";
        Path out = Path.of("target", "postgresql-benchmark.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report, StandardCharsets.UTF_8);
        System.out.println("\n" + report);
    }

    private final Map<RecordFormat, String> heapOf = new HashMap<>();
    /** Per format: rows stored after the first stored flush, and the seconds they took. */
    private final Map<RecordFormat, double[]> steady = new HashMap<>();

    private static String name(RecordFormat format) {
        return format.name().toLowerCase(Locale.ROOT);
    }

    private Map<String, String> sinkConfig(PostgresDatabase db, String connector, String table) {
        Map<String, String> config = new HashMap<>();
        config.put("name", connector);
        config.put("connector.class", AmpPostgresSinkConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("header.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("table.name.format", table);
        config.put("buffer.flush.interval.ms", "1000");
        config.put("pg.url", db.jdbcUrl());
        config.put("pg.user", db.user());
        config.put("pg.password", db.password());
        return config;
    }

    /** Loads the topic first, then times the connector from its creation to the last stored offset. */
    private double workerRun(ConnectCluster cluster, PostgresDatabase db, TransactionsDataset dataset, RecordFormat format,
                             int microbatches, BufferAllocator allocator) throws Exception {
        String topic = "tx." + name(format);
        String connector = "pg-" + name(format);
        cluster.createTopic(topic, 1);
        long records;
        long produceStarted = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = cluster.newProducer(KafkaLoader.producerSettings())) {
            records = KafkaLoader.load(producer, topic, new AmpRecords("transactions", "s1", format, dataset, allocator), format,
                    0, microbatches, BLOCKS_PER_BATCH);
        }
        produced.put(format, records);
        System.out.printf("produced %d %s-format records to %s in %.1f s%n", records, name(format), topic,
                (System.nanoTime() - produceStarted) / 1e9);
        Map<String, String> config = sinkConfig(db, connector, "tx_worker_" + name(format));
        config.put("topics", topic);
        config.put("value.converter", format == RecordFormat.ARROW ? "org.apache.kafka.connect.converters.ByteArrayConverter"
                : "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "true");
        HeapWatch heap = new HeapWatch();
        heap.sample();
        quiesce(db);
        ConnectorClient client = cluster.connector(connector);
        long started = System.nanoTime();
        client.configure(config);
        double nextCheckpoint = 0.25;
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        long firstStoredAt = 0;
        long firstStoredRows = 0;
        while (true) {
            long stored = storedOffset(db, connector);
            if (stored > 0 && firstStoredAt == 0) {
                firstStoredAt = System.nanoTime();
                firstStoredRows = db.queryValue("SELECT coalesce(sum(rows), 0)::bigint FROM (SELECT DISTINCT sequence, rows FROM"
                        + " amp_sink_batches WHERE connector = ?) b", Long.class, connector);
            }
            if (stored >= records) {
                break;
            }
            if (stored >= nextCheckpoint * records) {
                heap.sample();
                nextCheckpoint += 0.25;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(connector + " stored only offset " + stored + " of " + records);
            }
            Thread.sleep(50);
        }
        long finished = System.nanoTime();
        double seconds = (finished - started) / 1e9;
        long rowsTotal = (long) microbatches * ROWS_PER_BATCH;
        steady.put(format, new double[] {rowsTotal - firstStoredRows, (finished - firstStoredAt) / 1e9});
        while (nextCheckpoint <= 1.0) {
            heap.sample();
            nextCheckpoint += 0.25;
        }
        heapOf.put(format, heap.describe());
        client.delete();
        return seconds;
    }

    /** Seconds the worker needs to deliver the topic to a sink that discards it (same converter). */
    private double discardRun(ConnectCluster cluster, RecordFormat format) throws InterruptedException {
        String topic = "tx." + name(format);
        long records = produced.get(format);
        DiscardingSinkConnector.RECEIVED.set(0);
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", DiscardingSinkConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("topics", topic);
        config.put("header.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", format == RecordFormat.ARROW ? "org.apache.kafka.connect.converters.ByteArrayConverter"
                : "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "true");
        ConnectorClient client = cluster.connector("discard-" + name(format));
        long started = System.nanoTime();
        client.configure(config);
        long deadline = started + RUN_TIMEOUT.toNanos();
        while (DiscardingSinkConnector.RECEIVED.get() < records) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the discarding sink received only " + DiscardingSinkConnector.RECEIVED.get());
            }
            Thread.sleep(20);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        client.delete();
        return seconds;
    }

    private static long rows(PostgresDatabase db, String table) {
        return db.queryValue("SELECT count(*) FROM \"" + table + "\"", Long.class);
    }

    private static long storedOffset(PostgresDatabase db, String connector) {
        if (db.queryValue("SELECT to_regclass('amp_sink_offsets') IS NOT NULL", Boolean.class) != Boolean.TRUE) {
            return 0;
        }
        List<Map<String, Object>> rows = db.query("SELECT next_offset FROM amp_sink_offsets WHERE connector = ?", connector);
        if (rows.isEmpty() || rows.get(0).get("next_offset") == null) {
            return 0;
        }
        return ((Number) rows.get(0).get("next_offset")).longValue();
    }

    /** Feeds pre-generated records to the task (generation is not timed). */
    private double directRun(PostgresDatabase db, String table, TransactionsDataset dataset, RecordFormat format,
                             long firstBlock, int microbatches, BufferAllocator allocator, HeapWatch heap) {
        List<AmpRecords.AmpRecord> records = new ArrayList<>();
        AmpRecords encoder = new AmpRecords("transactions", "s1", format, dataset, allocator);
        records.add(encoder.rewind(firstBlock));
        for (int b = 0; b < microbatches; b++) {
            long start = firstBlock + (long) b * BLOCKS_PER_BATCH;
            encoder.microbatch(start, start + BLOCKS_PER_BATCH - 1, records::add);
        }
        Map<String, String> config = sinkConfig(db, "direct-" + table, table);
        heap.sample();
        quiesce(db);
        try (DirectFeeder feeder = new DirectFeeder(config, table)) {
            // the generated input (1M Structs in the rows format) is still young: copying it to the old
            // generation is the generator's cost, not the sink's, so it happens before the clock starts
            System.gc();
            long gcBefore = gcMillis();
            RunTime.Clock clock = RunTime.start();
            int checkpoint = records.size() / 4;
            for (int i = 0; i < records.size(); i++) {
                feeder.feed(records.get(i));
                if (checkpoint > 0 && i > 0 && i % checkpoint == 0) {
                    heap.sample();
                }
            }
            feeder.commit();
            RunTime time = clock.stop();
            System.out.printf(Locale.ROOT, "direct %s into %s: %.2f s, of which GC %.2f s; CPU s: task thread %.2f, JVM %.2f%n",
                    name(format), table, time.seconds(), (gcMillis() - gcBefore) / 1e3, time.threadSeconds(), time.jvmSeconds());
            heap.sample();
            return time.seconds();
        }
    }

    private void prefilled(PostgresDatabase db, TransactionsDataset dataset, int prefillBatches, BufferAllocator allocator,
                           Path dir) throws Exception {
        String table = "tx_big";
        Map<String, String> config = sinkConfig(db, "direct-big", table);
        AmpRecords encoder = new AmpRecords("transactions", "s1", RecordFormat.ARROW, dataset, allocator);
        long started = System.nanoTime();
        try (DirectFeeder feeder = new DirectFeeder(config, table)) {
            feeder.feed(encoder.rewind(0));
            for (int b = 0; b < prefillBatches; b++) {
                long start = (long) b * BLOCKS_PER_BATCH;
                encoder.microbatch(start, start + BLOCKS_PER_BATCH - 1, feeder::feed);
            }
            feeder.commit();
        }
        long prefillRows = (long) prefillBatches * ROWS_PER_BATCH;
        double prefillSeconds = (System.nanoTime() - started) / 1e9;
        db.execute("CREATE INDEX tx_big_block_num ON tx_big (block_num)");
        db.execute("VACUUM ANALYZE tx_big");
        row("pre-fill " + prefillRows + " rows (sink task alone, arrow format, data generated inline)", prefillRows,
                prefillSeconds, "");

        // 1M more rows into the pre-filled table, with its BRIN (_amp_batch_seq) and btree (block_num) indexes
        int more = 100;
        HeapWatch heap = new HeapWatch();
        long firstBlock = (long) prefillBatches * BLOCKS_PER_BATCH;
        List<AmpRecords.AmpRecord> records = new ArrayList<>();
        for (int b = 0; b < more; b++) {
            long start = firstBlock + (long) b * BLOCKS_PER_BATCH;
            encoder.microbatch(start, start + BLOCKS_PER_BATCH - 1, records::add);
        }
        double[] latencies = new double[5];
        double loadRate;
        try (DirectFeeder feeder = new DirectFeeder(config, table)) {
            heap.sample();
            long loadStarted = System.nanoTime();
            for (AmpRecords.AmpRecord record : records) {
                feeder.feed(record);
            }
            feeder.commit();
            double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;
            loadRate = (double) more * ROWS_PER_BATCH / loadSeconds;
            heap.sample();
            row("load into the pre-filled " + (prefillRows / 1_000_000) + "M-row table (indexes in place)",
                    (long) more * ROWS_PER_BATCH, loadSeconds, "");
            long lastStart = firstBlock + (long) (more - 1) * BLOCKS_PER_BATCH;
            long lastEnd = lastStart + BLOCKS_PER_BATCH - 1;
            List<AmpRecords.AmpRecord> lastBatch = new ArrayList<>();
            encoder.microbatch(lastStart, lastEnd, lastBatch::add);
            for (int i = 0; i < latencies.length; i++) {
                latencies[i] = feeder.timedPut(encoder.reorg(lastStart, lastEnd));
                if (i < latencies.length - 1) {
                    lastBatch.forEach(feeder::feed);
                    feeder.commit();
                }
            }
        }
        Arrays.sort(latencies);
        long total = db.queryValue("SELECT count(*) FROM tx_big", Long.class);
        // the same ceiling, into the same pre-filled table with the same indexes (after the latency runs: these
        // rows reuse sequences of the first batches, which no invalidation above touches)
        double copyIntoBig = Baselines.psqlBinaryCopyInto(db, "tx_worker_arrow", table, dir);
        long copied = rows(db, "tx_worker_arrow");
        row("psql \\copy … (FORMAT binary) of the same rows into the pre-filled table (ceiling there)", copied, copyIntoBig, "");
        line("");
        line(String.format(Locale.ROOT, "Load into the pre-filled table: %.0f %% of psql \\copy into the same table.",
                100 * loadRate / (copied / copyIntoBig)));
        line("");
        line(String.format(Locale.ROOT, "Invalidation of the last 100 blocks (%,d rows) of the %,d-row table: median %.0f ms"
                        + " (min %.0f, max %.0f; %d runs; one transaction: delete by _amp_batch_seq range, registry, offsets)",
                ROWS_PER_BATCH, total + ROWS_PER_BATCH, latencies[latencies.length / 2], latencies[0],
                latencies[latencies.length - 1], latencies.length));
    }

    private double ceilingRate;
    /** Records produced to each format's topic by the worker runs. */
    private final Map<RecordFormat, Long> produced = new HashMap<>();

    /**
     * Lets every run start on a quiet server: without it, autovacuum of the previous run's million rows and
     * the checkpoint they cause overlap the next run (later runs measured 20-40 % slower, whichever came first).
     */
    private static void quiesce(PostgresDatabase db) {
        db.execute("VACUUM");
        db.execute("CHECKPOINT");
    }

    private static long gcMillis() {
        long total = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String range(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%.1f-%.1f s", sorted[0], sorted[sorted.length - 1]);
    }

    private void row(String run, long rows, double seconds, String heap) {
        double rate = rows / seconds;
        line(String.format(Locale.ROOT, "| %s | %,d | %.1f | %,.0f | %.0f %% | %s |", run, rows, seconds, rate,
                100 * rate / ceilingRate, heap));
    }

    private void line(String text) {
        lines.add(text);
        System.out.println(text);
    }
}
