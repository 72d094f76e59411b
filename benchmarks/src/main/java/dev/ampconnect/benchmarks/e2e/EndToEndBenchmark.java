package dev.ampconnect.benchmarks.e2e;

import dev.ampconnect.benchmarks.source.SourceThroughputBenchmark;
import dev.ampconnect.packaging.bench.BenchConfigs;
import dev.ampconnect.packaging.bench.BenchTopics;
import dev.ampconnect.packaging.bench.ClickHouseHttpCalls;
import dev.ampconnect.packaging.bench.ClickHouseTarget;
import dev.ampconnect.packaging.bench.CpuMeter;
import dev.ampconnect.packaging.bench.GcLog;
import dev.ampconnect.packaging.bench.IcebergTarget;
import dev.ampconnect.packaging.bench.PhaseResult;
import dev.ampconnect.packaging.bench.PipelineBench;
import dev.ampconnect.packaging.bench.PostgresTarget;
import dev.ampconnect.packaging.bench.RecordPath;
import dev.ampconnect.packaging.bench.RedisTarget;
import dev.ampconnect.packaging.bench.SinkTarget;
import dev.ampconnect.packaging.cluster.ConnectCluster;
import dev.ampconnect.packaging.cluster.KafkaBrokerProcess;
import dev.ampconnect.packaging.cluster.KafkaRuntime;
import dev.ampconnect.packaging.cluster.PluginPath;
import dev.ampconnect.packaging.demo.HubComponent;
import dev.ampconnect.simulator.AmpSimulator;
import dev.ampconnect.testsupport.clickhouse.ClickHouseDatabase;
import dev.ampconnect.testsupport.clickhouse.ClickHouseServer;
import dev.ampconnect.testsupport.clickhouse.ClickHouseServers;
import dev.ampconnect.testsupport.iceberg.IcebergRestServer;
import dev.ampconnect.testsupport.iceberg.IcebergRestServers;
import dev.ampconnect.testsupport.postgres.PostgresDatabase;
import dev.ampconnect.testsupport.postgres.PostgresServers;
import dev.ampconnect.testsupport.redis.RedisServer;
import dev.ampconnect.testsupport.redis.RedisServers;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The end-to-end benchmark (BENCHMARKS.md "End to end"): the amp simulator streaming {@code transactions} through
 * the source and a sink running in a real KRaft broker and a real Connect worker (separate processes, the Hub zips
 * from packaging's build in plugin.path, exactly-once source, read-committed sinks, the zips' sample configs), into
 * a real PostgreSQL, Redis, ClickHouse (test-support's: the chdb front end here, {@code AMP_TEST_CLICKHOUSE_URL}
 * for a real server) and Iceberg (test-support's REST catalog in this JVM over a local warehouse the worker writes,
 * or {@code AMP_TEST_ICEBERG_REST_URI}), the last two only when {@code bench.e2e.stores} names them; per record path
 * and store: the source alone, each sink draining the filled topic,
 * a discarding sink in the same worker, and source + sink together (backfill, then a live tail timed per block).
 * Ceilings in the same run: a plain Flight client draining the same stream and each store's own bulk load of the
 * rows the sink wrote. Prints a Markdown table and writes it to {@code target/e2e/report.md}.
 */
public final class EndToEndBenchmark {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(30);
    private static final String STREAM = "transactions";
    private static final int REPEATS = 3;

    private final E2eSettings settings;
    private final List<String> lines = new ArrayList<>();
    private final Map<String, Map<String, String>> samples = new HashMap<>();
    /** The ClickHouse store, when the run has it (its database dropped at the end). */
    private ClickHouseDatabase clickHouseDb;
    private ClickHouseTarget clickHouse;
    /** The Iceberg store, when the run has it, and this JVM's client of its catalog (the ceiling's writer). */
    private IcebergRestServer icebergServer;
    private IcebergTarget iceberg;
    private Catalog icebergCatalog;

    private EndToEndBenchmark(E2eSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        E2eSettings settings = E2eSettings.fromSystemProperties();
        new EndToEndBenchmark(settings).run();
        System.exit(0);
    }

    private void run() throws Exception {
        Path work = fresh(settings.work());
        KafkaRuntime kafka = KafkaRuntime.at(Path.of(System.getProperty("ampconnect.kafka.home")));
        PostgresDatabase db = PostgresServers.shared().createDatabase("e2e_bench");
        RedisServer redisServer = RedisServers.shared();
        redisServer.flush();
        GcLog gc = new GcLog(work.resolve("worker-gc.log"));
        openLakeAndColumnStores();
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(kafka, work.resolve("broker"));
             PostgresTarget postgres = new PostgresTarget(db.jdbcUrl(), db.user(), db.password());
             RedisTarget redis = new RedisTarget(redisServer.host(), redisServer.port(), redisServer.database())) {
            PluginPath plugins = PluginPath.at(work.resolve("plugins"));
            installPlugins(plugins);
            try (ConnectCluster cluster = ConnectCluster.builder(kafka, broker.bootstrapServers(), work.resolve("connect"))
                    .pluginPath(plugins.dir())
                    .exactlyOnceSource(true)
                    // Connect's default: the harness commits every second for its crash tests, and every commit makes
                    // a sink write what it holds (preCommit), which would hide buffer.flush.interval.ms from latencies
                    .workerProperty("offset.flush.interval.ms", System.getProperty("bench.e2e.offset.flush.interval.ms", "60000"))
                    // connect-distributed.sh's default heap; the harness starts workers with 1 GiB
                    .jvmOption("-Xmx2g")
                    .jvmOption(gc.jvmOption())
                    .start();
                 BenchTopics topics = new BenchTopics(broker.bootstrapServers())) {
                long workerPid = cluster.worker(0).pid();
                Pinning.pin(workerPid, settings.workerCpus(), false);
                Pinning.pin(broker.pid(), settings.otherCpus(), false);
                postgres.serverPid().ifPresent(pid -> Pinning.pin(pid, settings.otherCpus(), true));
                redis.serverPid().ifPresent(pid -> Pinning.pin(pid, settings.otherCpus(), false));
                if (clickHouse != null) {
                    clickHouse.serverPid().ifPresent(pid -> Pinning.pin(pid, settings.otherCpus(), false));
                }
                Pinning.pin(ProcessHandle.current().pid(), settings.otherCpus(), false);
                Map<String, SinkTarget> stores = new LinkedHashMap<>();
                if (settings.stores().contains("postgresql")) {
                    stores.put("postgresql", postgres);
                }
                if (settings.stores().contains("redis")) {
                    stores.put("redis", redis);
                }
                if (clickHouse != null) {
                    stores.put("clickhouse", clickHouse);
                }
                if (iceberg != null) {
                    stores.put("iceberg", iceberg);
                }
                header(kafka, db, redis);
                if (settings.warmupRows() > 0) {
                    warmUp(cluster, topics, stores);
                }
                for (RecordPath path : settings.paths()) {
                    CpuMeter cpu = new CpuMeter()
                            .process("broker", OptionalLong.of(broker.pid()), false)
                            .process("worker", OptionalLong.of(workerPid), false)
                            .process("postgresql", postgres.serverPid(), true)
                            .process("redis", redis.serverPid(), false)
                            .process("clickhouse", clickHouse == null ? OptionalLong.empty() : clickHouse.serverPid(), false)
                            .process(iceberg == null ? "bench JVM (simulator)" : "bench JVM (simulator, Iceberg REST catalog)", OptionalLong.of(ProcessHandle.current().pid()), false);
                    PipelineBench bench = new PipelineBench(cluster.rest(), topics, cpu, gc, RUN_TIMEOUT);
                    JfrRecorder jfr = new JfrRecorder(settings.jfr(), workerPid, work);
                    runPath(path, bench, topics, stores, db, jfr);
                }
            }
        } finally {
            db.close();
            closeLakeAndColumnStores();
        }
        String report = String.join("\n", lines) + "\n";
        Files.writeString(work.resolve("report.md"), report, StandardCharsets.UTF_8);
        System.out.println("\n" + report);
    }

    /**
     * Every path once through the source and every sink, unreported: a worker in production has long compiled its
     * hot code, a fresh one spends its first seconds in the JIT compiler (20k-row runs measured 20 CPU seconds of
     * worker time in the first run, 1 in later ones).
     */
    private void warmUp(ConnectCluster cluster, BenchTopics topics, Map<String, SinkTarget> stores) throws Exception {
        long head = Math.max(1, settings.warmupRows() / E2eSettings.TX_PER_BLOCK) - 1;
        long rows = (head + 1) * E2eSettings.TX_PER_BLOCK;
        PipelineBench bench = new PipelineBench(cluster.rest(), topics, new CpuMeter(), null, RUN_TIMEOUT);
        for (RecordPath path : settings.paths()) {
            String id = "warmup_" + path.name().replaceAll("[^a-z0-9]", "_");
            String topic = "bench." + id;
            try (AmpSimulator amp = simulator(head)) {
                bench.sourceAlone("warm-up " + path.name(), "src-" + id, sourceConfig(amp, topic, path), STREAM, topic, head, rows);
            }
            for (Map.Entry<String, SinkTarget> store : stores.entrySet()) {
                String connector = "drain-" + store.getKey() + "-" + id;
                bench.drain("warm-up " + path.name() + " " + store.getKey(), connector,
                        sinkConfig(store.getValue(), topic, id, path), store.getValue(), id, head, rows);
                store.getValue().drop(connector, id);
            }
            topics.delete(topic);
        }
        System.out.println("warm-up done, load average " + loadAverage());
    }

    private void installPlugins(PluginPath plugins) throws IOException {
        Path zips = Path.of(System.getProperty("ampconnect.hub.zips"));
        try (Stream<Path> files = Files.list(zips)) {
            for (Path zip : files.filter(f -> f.toString().endsWith(".zip")).sorted().toList()) {
                HubComponent component = new HubComponent(plugins.installHubZip(zip));
                for (String connector : List.of(PipelineClasses.SOURCE, PostgresTarget.CONNECTOR_CLASS, RedisTarget.CONNECTOR_CLASS,
                        ClickHouseTarget.CONNECTOR_CLASS, IcebergTarget.CONNECTOR_CLASS)) {
                    component.restConfig(connector).ifPresent(sample -> samples.putIfAbsent(connector, sample.config()));
                }
            }
        }
        plugins.installJars("amp-bench-discard", List.of(settings.pluginJar()));
    }

    private void runPath(RecordPath path, PipelineBench bench, BenchTopics topics, Map<String, SinkTarget> stores,
                         PostgresDatabase db, JfrRecorder jfr) throws Exception {
        long head = settings.blocks() - 1;
        long rows = settings.blocks() * E2eSettings.TX_PER_BLOCK;
        String id = path.name().replaceAll("[^a-z0-9]", "_");
        String topic = "bench." + id;
        List<Row> rowsOut = new ArrayList<>();
        if (settings.runs("source") || settings.runs("drain") || settings.runs("discard")) {
            try (AmpSimulator amp = simulator(head)) {
                if (settings.runs("source")) {
                    List<Double> ceilings = new ArrayList<>();
                    SourceThroughputBenchmark.plainFlight(amp, head, settings.query()); // warm-up, not reported
                    long self = ProcessHandle.current().pid();
                    double cpuBefore = dev.ampconnect.packaging.bench.ProcessCpu.seconds(self);
                    for (int i = 0; i < REPEATS; i++) {
                        ceilings.add(SourceThroughputBenchmark.plainFlight(amp, head, settings.query()).seconds());
                    }
                    double cpuPerMillion = (dev.ampconnect.packaging.bench.ProcessCpu.seconds(self) - cpuBefore) / REPEATS
                            * 1e6 / rows;
                    double ceiling = StoreCeilings.median(ceilings);
                    rowsOut.add(Row.ceiling(String.format(Locale.ROOT, "plain Flight client draining the stream (source ceiling;"
                            + " median of %d: %s; simulator + client %.1f CPU s per 1M rows)", REPEATS, range(ceilings),
                            cpuPerMillion), rows, ceiling));
                    jfr.start(id + "-source");
                    PhaseResult source = bench.sourceAlone(path.name() + ": source alone -> Kafka", "src-" + id,
                            sourceConfig(amp, topic, path), STREAM, topic, head, rows);
                    jfr.stop();
                    rowsOut.add(Row.measured(source, ceiling));
                } else {
                    PhaseResult source = bench.sourceAlone(path.name() + ": source alone -> Kafka (filling the topic)", "src-" + id,
                            sourceConfig(amp, topic, path), STREAM, topic, head, rows);
                    rowsOut.add(Row.measured(source, Double.NaN));
                }
            }
            if (settings.runs("discard")) {
                DiscardTarget discard = new DiscardTarget(settings.work().resolve("discard-" + id + ".done"), head);
                PhaseResult drained = bench.drain(path.name() + ": Kafka -> worker -> discarding sink (the worker's ceiling)",
                        "discard-" + id, BenchConfigs.sink(Map.of(), discard, topic, "discard", path), discard, "discard", head, rows);
                rowsOut.add(Row.measured(drained, Double.NaN));
            }
            if (settings.runs("drain")) {
                for (Map.Entry<String, SinkTarget> store : stores.entrySet()) {
                    SinkTarget target = store.getValue();
                    String table = "drain_" + id;
                    String connector = "drain-" + store.getKey() + "-" + id;
                    jfr.start(id + "-drain-" + store.getKey());
                    PhaseResult drained = bench.drain(path.name() + ": Kafka -> worker -> " + store.getKey() + " sink", connector,
                            sinkConfig(target, topic, table, path), target, table, head, rows);
                    jfr.stop();
                    long unitRows = Long.parseLong(sinkConfig(target, topic, table, path).getOrDefault("buffer.flush.rows", "50000"));
                    double ceiling = storeCeiling(store.getKey(), target, db, table, rowsOut, rows, unitRows);
                    rowsOut.add(Row.measured(drained, ceiling));
                    target.drop(connector, table);
                }
            }
            topics.delete(topic);
        }
        if (settings.runs("e2e")) {
            for (Map.Entry<String, SinkTarget> store : stores.entrySet()) {
                SinkTarget target = store.getValue();
                String e2eTopic = "e2e." + id + "." + store.getKey();
                String table = "e2e_" + id;
                String sink = "e2e-" + store.getKey() + "-" + id;
                try (AmpSimulator amp = simulator(head)) {
                    jfr.start(id + "-e2e-" + store.getKey());
                    PhaseResult result = bench.endToEnd(path.name() + ": amp -> source -> Kafka -> " + store.getKey()
                                    + " sink (backfill; then live tail)", amp, "e2e-src-" + store.getKey() + "-" + id,
                            sourceConfig(amp, e2eTopic, path), sink, sinkConfig(target, e2eTopic, table, path), target,
                            e2eTopic, table, E2eSettings.TX_PER_BLOCK,
                            new PipelineBench.LiveTail(settings.tailBlocks(), settings.tailInterval()));
                    jfr.stop();
                    rowsOut.add(Row.measured(result, Double.NaN));
                }
                target.drop(sink, table);
                topics.delete(e2eTopic);
            }
        }
        table(path, rowsOut);
    }

    private double storeCeiling(String store, SinkTarget target, PostgresDatabase db, String table, List<Row> out, long rows,
                                long unitRows) throws Exception {
        List<Double> runs = new ArrayList<>();
        String what;
        if (store.equals("postgresql")) {
            for (int i = 0; i < REPEATS; i++) {
                runs.add(StoreCeilings.postgres(db, table, settings.work()));
            }
            what = "psql \\copy … FROM … (FORMAT binary) of the same rows (PostgreSQL ceiling; median of " + REPEATS;
        } else if (store.equals("redis")) {
            for (int i = 0; i < REPEATS; i++) {
                runs.add(StoreCeilings.redis((RedisTarget) target, table));
            }
            what = "pipelined HSET of the same hashes (Redis ceiling; median of " + REPEATS;
        } else if (store.equals("clickhouse")) {
            for (int i = 0; i < REPEATS; i++) {
                runs.add(StoreCeilings.clickHouse(clickHouse, table, unitRows));
            }
            what = String.format(Locale.ROOT, "plain HTTP POSTs of the same rows as RowBinary, one per %,d rows"
                    + " (ClickHouse ceiling; median of %d", unitRows, REPEATS);
        } else if (store.equals("iceberg")) {
            for (int i = 0; i < REPEATS; i++) {
                runs.add(StoreCeilings.iceberg(icebergCatalog, iceberg.namespace(), table));
            }
            what = "Iceberg's generic writer, the same rows as Parquet files + one commit (Iceberg ceiling; median of " + REPEATS;
        } else {
            return Double.NaN;
        }
        double ceiling = StoreCeilings.median(runs);
        out.add(Row.ceiling(what + ": " + range(runs) + ")", rows, ceiling));
        return ceiling;
    }

    private Map<String, String> sourceConfig(AmpSimulator amp, String topic, RecordPath path) {
        Map<String, String> config = BenchConfigs.source(samples.getOrDefault(PipelineClasses.SOURCE, Map.of()), amp.uri(),
                STREAM, settings.query(), topic, path, true);
        config.putAll(settings.sourceProps());
        return config;
    }

    private Map<String, String> sinkConfig(SinkTarget target, String topic, String table, RecordPath path) {
        Map<String, String> sample = samples.getOrDefault(target.sinkSettings().get("connector.class"), Map.of());
        Map<String, String> config = BenchConfigs.sink(sample, target, topic, table, path);
        config.putAll(settings.sinkProps());
        return config;
    }

    private AmpSimulator simulator(long head) throws IOException {
        return AmpSimulator.builder().network("anvil").initialHead(head).transactionsPerBlock(E2eSettings.TX_PER_BLOCK)
                .maxBlocksPerMicrobatch(1000).start();
    }

    private void header(KafkaRuntime kafka, PostgresDatabase db, RedisTarget redis) {
        lines.add("## End to end, " + java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).withNano(0));
        lines.add("");
        lines.add(settings.describe());
        lines.add("");
        lines.add(String.format(Locale.ROOT, "Kafka %s (broker and worker processes), PostgreSQL %s, Redis %s; %d CPUs;"
                        + " load average at start %s", kafka.version(), db.server().serverVersion(), redis.serverVersion(),
                Runtime.getRuntime().availableProcessors(), loadAverage()));
        if (clickHouse != null) {
            lines.add("");
            lines.add("ClickHouse: " + clickHouseDb.server().origin());
        }
        if (iceberg != null) {
            lines.add("");
            lines.add("Iceberg: " + icebergServer.origin() + ", namespace " + iceberg.namespace());
        }
        lines.add("");
    }

    /** Starts test-support's ClickHouse and Iceberg REST catalog when the run's stores name them. */
    private void openLakeAndColumnStores() {
        if (settings.stores().contains("clickhouse")) {
            ClickHouseServer server = ClickHouseServers.shared();
            clickHouseDb = server.createDatabase("e2e_bench");
            clickHouse = new ClickHouseTarget(new ClickHouseHttpCalls(server.endpoint(), server.user(), server.password(),
                    clickHouseDb.name()), server.isChdb() ? ClickHouseTarget.childListening(server.endpoint().getPort())
                    : OptionalLong.empty());
        }
        if (settings.stores().contains("iceberg")) {
            icebergServer = IcebergRestServers.shared();
            iceberg = new IcebergTarget(icebergServer.catalogProperties(), "e2e_bench_" + System.currentTimeMillis());
            icebergCatalog = CatalogUtil.buildIcebergCatalog("bench", icebergServer.catalogProperties(), new Configuration(false));
        }
    }

    /** Drops the ClickHouse database and the Iceberg namespace (its tables are dropped after each part, unless one failed). */
    private void closeLakeAndColumnStores() throws IOException {
        if (clickHouseDb != null) {
            clickHouseDb.close();
        }
        if (icebergCatalog != null) {
            Namespace namespace = Namespace.of(iceberg.namespace());
            for (TableIdentifier left : icebergCatalog.listTables(namespace)) {
                icebergCatalog.dropTable(left, true); // a part that failed
            }
            ((SupportsNamespaces) icebergCatalog).dropNamespace(namespace);
            if (icebergCatalog instanceof Closeable closeable) {
                closeable.close();
            }
        }
    }

    private void table(RecordPath path, List<Row> rows) {
        lines.add("### " + path.name() + " (load average after: " + loadAverage() + ")");
        lines.add("");
        lines.add("| run | rows | s | rows/s | MB/s (Kafka) | vs ceiling | CPU s per 1M rows | worker heap | live-block latency |");
        lines.add("|---|---|---|---|---|---|---|---|---|");
        rows.forEach(r -> lines.add(r.line()));
        rows.stream().filter(r -> r.result != null && !r.result.note().isEmpty())
                .forEach(r -> lines.add("\n" + r.result.label() + ": " + r.result.note()));
        lines.add("");
        System.out.println(String.join("\n", lines));
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String range(List<Double> seconds) {
        return String.format(Locale.ROOT, "%.1f-%.1f s", seconds.stream().min(Double::compare).orElse(0.0),
                seconds.stream().max(Double::compare).orElse(0.0));
    }

    private static Path fresh(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return Files.createDirectories(dir);
    }

    /** One line of the report: a measured run, or a ceiling. */
    private record Row(String label, long rows, double seconds, double ceilingSeconds, PhaseResult result) {

        static Row ceiling(String label, long rows, double seconds) {
            return new Row(label, rows, seconds, Double.NaN, null);
        }

        static Row measured(PhaseResult result, double ceilingSeconds) {
            return new Row(result.label(), result.rows(), result.seconds(), ceilingSeconds, result);
        }

        String line() {
            double rate = rows / seconds;
            String versus = Double.isNaN(ceilingSeconds) ? "" : String.format(Locale.ROOT, "%.0f %%", 100 * ceilingSeconds / seconds);
            if (result == null) {
                return String.format(Locale.ROOT, "| %s | %,d | %.1f | %,.0f | | | | | |", label, rows, seconds, rate);
            }
            return String.format(Locale.ROOT, "| %s | %,d | %.1f | %,.0f | %s | %s | %s | %s | %s |", label, rows, seconds, rate,
                    result.bytes() == 0 ? "" : String.format(Locale.ROOT, "%.1f", result.megabytesPerSecond()), versus,
                    result.cpuPerMillionRows(), result.heap() == null ? "" : result.heap().describe(),
                    result.latency() == null ? "" : result.latency().describe());
        }
    }

    /** Connector classes the benchmark deploys from their zips' samples. */
    private static final class PipelineClasses {
        static final String SOURCE = "dev.ampconnect.source.flightsql.AmpFlightSqlSourceConnector";
    }
}
