package dev.ampconnect.benchmarks.iceberg;

import dev.ampconnect.benchmarks.postgresql.AmpRecords;
import dev.ampconnect.benchmarks.postgresql.DirectFeeder;
import dev.ampconnect.benchmarks.postgresql.HeapWatch;
import dev.ampconnect.benchmarks.postgresql.RunTime;
import dev.ampconnect.benchmarks.postgresql.TransactionsDataset;
import dev.ampconnect.common.sink.buffer.RecordFormat;
import dev.ampconnect.sink.iceberg.AmpIcebergSinkTask;
import dev.ampconnect.testsupport.iceberg.IcebergRestServer;
import dev.ampconnect.testsupport.iceberg.IcebergRestServers;
import java.io.Closeable;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The Iceberg sink, measured (BENCHMARKS.md "Iceberg sink"), against Iceberg's own REST catalog in this JVM over a
 * local warehouse:
 * <ol>
 *   <li>1M {@code transactions}-like rows (the PostgreSQL benchmark's dataset) through the real sink task, driven
 *       directly (no Kafka), in each record format, next to the ceiling measured in the same run: Iceberg's own
 *       generic Parquet writer appending the very same rows (read back from the sink's table and held as
 *       {@code Record}s before the clock starts) as data files plus one commit; live heap sampled during the runs;</li>
 *   <li>the invalidation of the last 100 blocks (10,000 rows) of a 10^7-row table, format 2 (position deletes) and
 *       format 3 (deletion vectors), from the registry's recorded positions (no table scan);</li>
 *   <li>data files per hour of a live tail at one block per second: a real-time run of a few minutes with the
 *       worker's offset commit every 60 s, at this sink's flush interval (60 s) and at the base default (5 s).</li>
 * </ol>
 * Arguments: rows (1,000,000), pre-fill rows (10,000,000), tail minutes (3; 0 skips the tail); system properties
 * {@code bench.iceberg.flush.rows} (the units' rows, 500,000 as the sample config) and
 * {@code bench.iceberg.write.threads} ({@code iceberg.write.threads}; 0: the sink's default). The table is also written to
 * {@code benchmarks/target/iceberg-benchmark.md}.
 */
public final class IcebergSinkBenchmark {

    private static final int TX_PER_BLOCK = 100;
    private static final int BLOCKS_PER_BATCH = 100;
    private static final int ROWS_PER_BATCH = TX_PER_BLOCK * BLOCKS_PER_BATCH;
    private static final long OFFSET_COMMIT_MS = 60_000;
    private static final String CONNECTOR = "bench";

    private final List<String> report = new ArrayList<>();
    private final Map<String, String> catalogProperties;
    private final Catalog catalog;
    private final String namespace;

    private IcebergSinkBenchmark(Map<String, String> catalogProperties, String namespace) {
        this.catalogProperties = catalogProperties;
        this.catalog = CatalogUtil.buildIcebergCatalog("bench", catalogProperties, new Configuration(false));
        this.namespace = namespace;
        ((SupportsNamespaces) catalog).createNamespace(Namespace.of(namespace));
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        long prefillRows = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
        int tailMinutes = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        IcebergRestServer server = IcebergRestServers.shared();
        IcebergSinkBenchmark bench = new IcebergSinkBenchmark(server.catalogProperties(), "bench_" + System.currentTimeMillis());
        try {
            bench.line("Iceberg sink benchmark, " + server.origin() + "; load average at start: " + loadAverage());
            bench.line("");
            bench.throughput(rows / ROWS_PER_BATCH);
            bench.invalidation(prefillRows / ROWS_PER_BATCH, 2);
            bench.invalidation(prefillRows / ROWS_PER_BATCH, 3);
            if (tailMinutes > 0) {
                bench.tail(tailMinutes);
            }
            bench.line("");
            bench.line("Load average at the end: " + loadAverage());
        } finally {
            if (bench.catalog instanceof Closeable closeable) {
                closeable.close();
            }
            server.close();
        }
        Path out = Path.of("target", "iceberg-benchmark.md");
        Files.createDirectories(out.getParent());
        Files.write(out, bench.report, StandardCharsets.UTF_8);
    }

    private void line(String text) {
        System.out.println(text);
        report.add(text);
    }

    private void row(String what, long rows, double seconds, String extra) {
        line(String.format(Locale.ROOT, "| %s | %,d | %.2f | %,.0f |%s", what, rows, seconds, rows / seconds,
                extra.isEmpty() ? "" : " " + extra + " |"));
    }

    private Map<String, String> sinkConfig(String table, int formatVersion, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>();
        catalogProperties.forEach((key, value) -> config.put("iceberg.catalog." + key, value));
        config.put("iceberg.catalog", "bench");
        config.put("iceberg.namespace", namespace);
        config.put("iceberg.tables.format-version", Integer.toString(formatVersion));
        config.put("name", CONNECTOR + "-" + table);
        config.put("topics", table);
        config.put("header.converter", "org.apache.kafka.connect.storage.StringConverter");
        // the sample config's flush settings (src/hub/etc): units of up to 500k rows / 128 MiB, or a minute
        config.put("buffer.flush.rows", System.getProperty("bench.iceberg.flush.rows", "500000"));
        config.put("buffer.flush.bytes", Long.toString(128L << 20));
        // -Dbench.iceberg.write.threads=1 measures one Parquet writer per unit (0 or unset: the sink's default)
        String writeThreads = System.getProperty("bench.iceberg.write.threads", "0");
        if (!writeThreads.equals("0")) {
            config.put("iceberg.write.threads", writeThreads);
        }
        config.putAll(extra);
        return config;
    }

    private Table table(String name) {
        return catalog.loadTable(TableIdentifier.of(namespace, name));
    }

    // ---- 1. throughput --------------------------------------------------------------------------------------------

    private void throughput(int microbatches) {
        line("### 1. " + String.format(Locale.ROOT, "%,d", (long) microbatches * ROWS_PER_BATCH)
                + " transactions-like rows through the sink task (no Kafka)");
        line("");
        line("| run | rows | seconds | rows/s | vs ceiling (wall; JVM CPU) | live heap (MiB) | CPU s: task thread / JVM |");
        line("|---|---|---|---|---|---|---|");
        TransactionsDataset dataset = new TransactionsDataset(TX_PER_BLOCK);
        try (BufferAllocator allocator = new RootAllocator()) {
            // round 0 warms the JIT of every path; rounds 1 and 2 are compared
            for (int round = 0; round <= 2; round++) {
                for (RecordFormat format : List.of(RecordFormat.ROWS, RecordFormat.ARROW)) {
                    String table = "tx_" + format.name().toLowerCase(Locale.ROOT) + "_" + round;
                    HeapWatch heap = new HeapWatch();
                    RunTime sink = sinkRun(table, dataset, format, microbatches, allocator, heap);
                    long rows = (long) microbatches * ROWS_PER_BATCH;
                    RunTime ceiling = ceiling(table, table + "_ceiling");
                    String label = (round == 0 ? "warm-up, " : "round " + round + ", ") + name(format);
                    row("sink task, " + label, rows, sink.seconds(), String.format(Locale.ROOT, "%.0f %%; %.0f %% | %s | %s",
                            100 * ceiling.seconds() / sink.seconds(), 100 * ceiling.jvmSeconds() / sink.jvmSeconds(),
                            heap.describe(), cpu(sink)));
                    row("Iceberg generic writer, same rows + one commit (ceiling), " + label, rows, ceiling.seconds(),
                            "100 % |  | " + cpu(ceiling));
                }
            }
        }
        line("");
    }

    private static String cpu(RunTime time) {
        return String.format(Locale.ROOT, "%.2f / %.2f", time.threadSeconds(), time.jvmSeconds());
    }

    private static String name(RecordFormat format) {
        return format == RecordFormat.ARROW ? "arrow format" : "rows format";
    }

    private RunTime sinkRun(String table, TransactionsDataset dataset, RecordFormat format, int microbatches,
                           BufferAllocator allocator, HeapWatch heap) {
        List<AmpRecords.AmpRecord> records = new ArrayList<>();
        AmpRecords encoder = new AmpRecords("transactions", "s1", format, dataset, allocator);
        records.add(encoder.rewind(0));
        for (int b = 0; b < microbatches; b++) {
            long start = (long) b * BLOCKS_PER_BATCH;
            encoder.microbatch(start, start + BLOCKS_PER_BATCH - 1, records::add);
        }
        try (DirectFeeder feeder = new DirectFeeder(new AmpIcebergSinkTask(), sinkConfig(table, 2, Map.of()), table)) {
            // the generated input is young: moving it to the old generation is the generator's cost, not the sink's
            System.gc();
            heap.sample();
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
            heap.sample();
            System.out.printf(Locale.ROOT, "  sink %s into %s: %.2f s, of which GC %.2f s; CPU s: task thread %.2f, JVM %.2f%n",
                    name(format), table, time.seconds(), (gcMillis() - gcBefore) / 1e3, time.threadSeconds(), time.jvmSeconds());
            return time;
        }
    }

    /** Iceberg's generic writer: the sink table's rows into a new table, one commit ({@link IcebergWriterCeiling}). */
    private RunTime ceiling(String source, String target) {
        return IcebergWriterCeiling.appendTimed(catalog, TableIdentifier.of(namespace, source), TableIdentifier.of(namespace, target));
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    // ---- 2. invalidation ------------------------------------------------------------------------------------------

    private void invalidation(long prefillBatches, int formatVersion) {
        String table = "tx_big_v" + formatVersion;
        TransactionsDataset dataset = new TransactionsDataset(TX_PER_BLOCK);
        long prefillRows = prefillBatches * ROWS_PER_BATCH;
        double[] latencies = new double[5];
        try (BufferAllocator allocator = new RootAllocator()) {
            AmpRecords encoder = new AmpRecords("transactions", "s1", RecordFormat.ARROW, dataset, allocator);
            Map<String, String> config = sinkConfig(table, formatVersion, Map.of("buffer.flush.rows", "1000000",
                    "buffer.flush.bytes", Long.toString(256L << 20)));
            long started = System.nanoTime();
            try (DirectFeeder feeder = new DirectFeeder(new AmpIcebergSinkTask(), config, table)) {
                feeder.feed(encoder.rewind(0));
                for (long b = 0; b < prefillBatches; b++) {
                    long start = b * BLOCKS_PER_BATCH;
                    encoder.microbatch(start, start + BLOCKS_PER_BATCH - 1, feeder::feed);
                }
                feeder.commit();
                double prefillSeconds = (System.nanoTime() - started) / 1e9;
                line(String.format(Locale.ROOT, "### 2. Invalidation, format version %d (%s)", formatVersion,
                        formatVersion == 2 ? "position delete files" : "deletion vectors"));
                line("");
                line("| run | rows | seconds | rows/s |");
                line("|---|---|---|---|");
                row("pre-fill (sink task, arrow format, data generated inline, units of 1M rows)", prefillRows,
                        prefillSeconds, "");
                line("");
                long lastStart = (prefillBatches - 1) * BLOCKS_PER_BATCH;
                long lastEnd = lastStart + BLOCKS_PER_BATCH - 1;
                List<AmpRecords.AmpRecord> lastBatch = new ArrayList<>();
                encoder.microbatch(lastStart, lastEnd, lastBatch::add);
                for (int i = 0; i < latencies.length; i++) {
                    AmpRecords.AmpRecord reorg = encoder.reorg(lastStart, lastEnd);
                    feeder.commit();
                    long t0 = System.nanoTime();
                    feeder.feed(reorg);
                    feeder.commit();
                    latencies[i] = (System.nanoTime() - t0) / 1e6;
                    if (i == 0) {
                        describeInvalidation(table(table));
                    }
                    if (i < latencies.length - 1) {
                        lastBatch.forEach(feeder::feed);
                        feeder.commit();
                    }
                }
            }
        }
        Table big = table(table);
        long dataFiles = Long.parseLong(big.currentSnapshot().summary().getOrDefault("total-data-files", "-1"));
        double[] sorted = latencies.clone();
        Arrays.sort(sorted);
        line("");
        line(String.format(Locale.ROOT, "Invalidation of the last 100 blocks (%,d rows) of the %,d-row table (%d data files):"
                        + " median %.0f ms (min %.0f, max %.0f; %d runs, each from the invalidation's put() to its stored"
                        + " commit: registry, delete %s, offsets in one Iceberg commit). Runs: %s ms",
                ROWS_PER_BATCH, prefillRows, dataFiles, sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1],
                sorted.length, formatVersion == 2 ? "file" : "vector", Arrays.toString(roundAll(latencies))));
        line("");
    }

    private static long[] roundAll(double[] values) {
        long[] rounded = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            rounded[i] = Math.round(values[i]);
        }
        return rounded;
    }

    private void describeInvalidation(Table table) {
        table.refresh();
        Snapshot snapshot = table.currentSnapshot();
        Map<String, String> summary = snapshot.summary();
        line(String.format(Locale.ROOT, "The invalidation's commit (snapshot %s): operation %s, added position deletes %s,"
                        + " added delete files %s, added DVs %s, deleted data files %s, added data files %s",
                snapshot.snapshotId(), snapshot.operation(), summary.get("added-position-deletes"),
                summary.get("added-delete-files"), summary.getOrDefault("added-dvs", "0"),
                summary.getOrDefault("deleted-data-files", "0"), summary.getOrDefault("added-data-files", "0")));
    }

    // ---- 3. live tail ---------------------------------------------------------------------------------------------

    private void tail(int minutes) throws InterruptedException {
        line(String.format(Locale.ROOT, "### 3. A live tail of one block (100 rows) per second for %d minutes", minutes));
        line("");
        TransactionsDataset dataset = new TransactionsDataset(TX_PER_BLOCK);
        Map<String, Long> intervals = new java.util.LinkedHashMap<>();
        intervals.put("tail_sink_default", 60_000L);
        intervals.put("tail_base_default", 5_000L);
        List<DirectFeeder> feeders = new ArrayList<>();
        List<AmpRecords> encoders = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator()) {
            for (Map.Entry<String, Long> entry : intervals.entrySet()) {
                Map<String, String> config = sinkConfig(entry.getKey(), 2, Map.of("buffer.flush.interval.ms",
                        Long.toString(entry.getValue())));
                config.remove("buffer.flush.rows");
                config.remove("buffer.flush.bytes");
                DirectFeeder feeder = new DirectFeeder(new AmpIcebergSinkTask(), config, entry.getKey());
                AmpRecords encoder = new AmpRecords("transactions", "s1", RecordFormat.ARROW, dataset, allocator);
                feeder.feed(encoder.rewind(0));
                feeders.add(feeder);
                encoders.add(encoder);
            }
            long started = System.currentTimeMillis();
            long lastOffsetCommit = started;
            long block = 0;
            while (System.currentTimeMillis() - started < minutes * 60_000L) {
                long due = started + block * 1_000;
                long wait = due - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                for (int i = 0; i < feeders.size(); i++) {
                    encoders.get(i).microbatch(block, block, feeders.get(i)::feed);
                    feeders.get(i).deliver();
                }
                block++;
                if (System.currentTimeMillis() - lastOffsetCommit >= OFFSET_COMMIT_MS) {
                    // the worker's offset commit (offset.flush.interval.ms=60000): preCommit flushes what is buffered
                    feeders.forEach(DirectFeeder::commit);
                    lastOffsetCommit = System.currentTimeMillis();
                }
            }
            double elapsedHours = (System.currentTimeMillis() - started) / 3_600_000.0;
            line("| buffer.flush.interval.ms | blocks | data files | snapshots | data files per hour (extrapolated) |");
            line("|---|---|---|---|---|");
            int i = 0;
            for (Map.Entry<String, Long> entry : intervals.entrySet()) {
                feeders.get(i++).close();
                Table table = table(entry.getKey());
                long files = 0;
                int snapshots = 0;
                for (Snapshot snapshot : table.snapshots()) {
                    snapshots++;
                    files += Long.parseLong(snapshot.summary().getOrDefault("added-data-files", "0"));
                }
                line(String.format(Locale.ROOT, "| %,d | %,d | %d | %d | %.0f |", entry.getValue(), block, files, snapshots,
                        files / elapsedHours));
            }
        }
        line("");
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " / " + parts[1] + " / " + parts[2] + " (1/5/15 min)";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
