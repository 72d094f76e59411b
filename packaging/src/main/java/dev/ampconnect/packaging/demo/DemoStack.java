package dev.ampconnect.packaging.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import dev.ampconnect.packaging.cluster.ConnectCluster;
import dev.ampconnect.packaging.cluster.KafkaBrokerProcess;
import dev.ampconnect.packaging.cluster.PluginPath;
import dev.ampconnect.packaging.demo.HubComponent.ConnectorConfig;
import dev.ampconnect.packaging.rest.ConnectRestClient;
import dev.ampconnect.simulator.AmpSimulator;

/**
 * Everything the demo runs, started in dependency order and stopped in reverse: an embedded PostgreSQL and the
 * amp simulator in this JVM, a KRaft broker and a Connect worker as child processes (Kafka jars from Maven
 * Central), the Hub zips unpacked into the worker's plugin.path, and the source and PostgreSQL sink deployed
 * through the Connect REST API from the zips' own {@code etc/*.json} with hosts and ports filled in; the Iceberg
 * sink writing the transactions into a local Iceberg lake ({@link DemoIceberg}: JDBC catalog in the same PostgreSQL,
 * warehouse under the work directory); with {@code redis-server} on PATH also a Redis and the Redis sink (the
 * transactions stream as a Redis stream); with a ClickHouse at hand ({@link DemoClickHouse}) the ClickHouse sink
 * writing the transactions into a table.
 */
public final class DemoStack implements AutoCloseable {

    static final String SOURCE_CLASS = "dev.ampconnect.source.flightsql.AmpFlightSqlSourceConnector";
    static final String POSTGRES_SINK_CLASS = "dev.ampconnect.sink.postgresql.AmpPostgresSinkConnector";
    static final String REDIS_SINK_CLASS = "dev.ampconnect.sink.redis.AmpRedisSinkConnector";
    static final String ICEBERG_SINK_CLASS = "dev.ampconnect.sink.iceberg.AmpIcebergSinkConnector";
    static final String CLICKHOUSE_SINK_CLASS = "dev.ampconnect.sink.clickhouse.AmpClickHouseSinkConnector";
    /** The source's topic of the transactions stream (its sample config), which the Redis, Iceberg and ClickHouse sinks read. */
    static final String TRANSACTIONS_TOPIC = "eth.transactions";
    /** The table the Iceberg and ClickHouse sinks write the transactions into ({@code table.name.format=${stream}}). */
    static final String TRANSACTIONS_TABLE = "transactions";
    /** The Redis sink's stream key in Redis. */
    static final String REDIS_KEY = "amp:transactions";
    private static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(180);
    /** The third stream the demo adds to the sample source config (which streams blocks and transactions). */
    private static final String LOGS_QUERY = "SELECT * FROM \"edgeandnode/ethereum_mainnet@1.0.0\".logs";

    private final PrintStream out;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<String> connectors = new ArrayList<>();
    private DemoPostgres postgres;
    private DemoRedis redis;
    private DemoIceberg iceberg;
    private DemoClickHouse clickHouse;
    private AmpSimulator simulator;
    private KafkaBrokerProcess broker;
    private ConnectCluster cluster;
    private String sourceName;
    private String sinkName;
    private String redisSinkName;
    private String icebergSinkName;
    private String clickHouseSinkName;

    private DemoStack(PrintStream out) {
        this.out = out;
    }

    /**
     * Starts the stack and deploys the connectors; on failure stops whatever had started and rethrows.
     *
     * @param out where start-up steps are reported
     */
    public static DemoStack start(DemoOptions options, DemoBuild build, PrintStream out) throws Exception {
        DemoStack stack = new DemoStack(out);
        try {
            stack.startAll(options, build);
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(DemoOptions options, DemoBuild build) throws Exception {
        Path work = freshDirectory(build.workDir());
        postgres = step("embedded PostgreSQL", () -> DemoPostgres.start(work.resolve("postgres")));
        started.add(postgres);
        out.printf("      %s%n", postgres.jdbcUrl());
        Optional<Path> redisServer = options.redis() ? DemoRedis.executable() : Optional.empty();
        if (redisServer.isPresent()) {
            redis = step("redis-server (" + redisServer.get() + ")",
                    () -> DemoRedis.start(redisServer.get(), work.resolve("redis")));
            started.add(redis);
            out.printf("      127.0.0.1:%d%n", redis.port());
        } else {
            out.printf("  --  no Redis sink (%s)%n", options.redis() ? "no redis-server on PATH" : "--no-redis");
        }
        if (options.iceberg()) {
            iceberg = step("Iceberg lake (JDBC catalog in PostgreSQL, local warehouse)",
                    () -> DemoIceberg.open(postgres, work.resolve("iceberg-warehouse")));
            started.add(iceberg);
            out.printf("      catalog %s, warehouse %s%n", DemoIceberg.CATALOG, iceberg.warehouse().toUri());
        } else {
            out.printf("  --  no Iceberg sink (--no-iceberg)%n");
        }
        Optional<String> noClickHouse = options.clickHouse() ? DemoClickHouse.unavailableBecause()
                : Optional.of("--no-clickhouse");
        if (noClickHouse.isEmpty()) {
            clickHouse = step("ClickHouse", DemoClickHouse::start);
            started.add(clickHouse);
            out.printf("      %s%n", clickHouse.origin());
        } else {
            out.printf("  --  no ClickHouse sink (%s)%n", noClickHouse.get());
        }
        simulator = step("amp simulator", () -> AmpSimulator.builder()
                .network("ethereum-mainnet")
                .initialHead(options.initialHead())
                .blockInterval(options.blockInterval())
                .reorgEvery(options.reorgEvery(), options.reorgDepth())
                .start());
        started.add(simulator);
        out.printf("      %s, head %d, a block every %d ms, a %d-block reorg every %d blocks%n", simulator.uri(),
                simulator.chain().head(), options.blockInterval().toMillis(), options.reorgDepth(),
                options.reorgEvery());
        broker = step("Kafka " + build.kafka().version() + " broker (KRaft)",
                () -> KafkaBrokerProcess.start(build.kafka(), work.resolve("broker")));
        started.add(broker);
        out.printf("      %s, pid %d%n", broker.bootstrapServers(), broker.pid());

        PluginPath plugins = PluginPath.at(work.resolve("plugins"));
        List<HubComponent> components = build.hubZips().stream()
                .map(zip -> new HubComponent(plugins.installHubZip(zip))).toList();
        out.printf("      plugin.path %s: %s%n", plugins.dir(),
                components.stream().map(c -> c.dir().getFileName().toString()).toList());
        cluster = step("Connect " + build.kafka().version() + " worker (distributed, exactly-once source)",
                () -> ConnectCluster.builder(build.kafka(), broker.bootstrapServers(), work.resolve("connect"))
                        .pluginPath(plugins.dir())
                        .exactlyOnceSource(true)
                        .start());
        started.add(cluster);
        out.printf("      REST %s, pid %d%n", cluster.worker(0).rest().baseUri(), cluster.worker(0).pid());

        ConnectorConfig source = config(components, SOURCE_CLASS)
                .with("amp.server.uri", simulator.uri().toString())
                .with("streams", config(components, SOURCE_CLASS).get("streams") + ",logs")
                .with("stream.logs.query", LOGS_QUERY);
        ConnectorConfig sink = config(components, POSTGRES_SINK_CLASS)
                .with("topics", config(components, POSTGRES_SINK_CLASS).get("topics") + ",logs")
                .with("pg.url", postgres.jdbcUrl())
                .with("pg.user", DemoPostgres.USER)
                .with("pg.password", DemoPostgres.PASSWORD);
        sourceName = deploy(source);
        sinkName = deploy(sink);
        if (redis != null) {
            // the sample configs pair the source's arrow record format with every amp sink
            redisSinkName = deploy(config(components, REDIS_SINK_CLASS)
                    .with("topics", TRANSACTIONS_TOPIC)
                    .with("consumer.override.isolation.level", "read_committed")
                    .with("table.name.format", "${stream}")
                    .with("redis.host", "127.0.0.1")
                    .with("redis.port", Integer.toString(redis.port())));
        }
        if (iceberg != null) {
            // the zip's JDBC-catalog sample (format 3, deletion vectors), committing every 5 s instead of every
            // minute so the table visibly follows the chain (a production table wants fewer, larger commits)
            ConnectorConfig sample = components.stream().flatMap(c -> c.restConfigs(ICEBERG_SINK_CLASS).stream())
                    .filter(c -> "jdbc".equals(c.get("iceberg.catalog.type"))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the Iceberg zip ships no JDBC-catalog sample"));
            ConnectorConfig icebergSink = sample.with("topics", TRANSACTIONS_TOPIC)
                    .with("buffer.flush.interval.ms", "5000");
            for (Map.Entry<String, String> key : iceberg.connectorProperties().entrySet()) {
                icebergSink = icebergSink.with(key.getKey(), key.getValue());
            }
            icebergSinkName = deploy(icebergSink);
        }
        if (clickHouse != null) {
            ConnectorConfig clickHouseSink = config(components, CLICKHOUSE_SINK_CLASS)
                    .without("ch.user")
                    .without("ch.password")
                    .with("topics", TRANSACTIONS_TOPIC)
                    .with("consumer.override.isolation.level", "read_committed");
            for (Map.Entry<String, String> key : clickHouse.connectorProperties().entrySet()) {
                clickHouseSink = clickHouseSink.with(key.getKey(), key.getValue());
            }
            clickHouseSinkName = deploy(clickHouseSink);
        }
    }

    private static ConnectorConfig config(List<HubComponent> components, String connectorClass) {
        return components.stream().flatMap(c -> c.restConfig(connectorClass).stream()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no Hub zip's etc/*.json configures " + connectorClass));
    }

    private String deploy(ConnectorConfig connector) throws Exception {
        return step("connector " + connector.name() + " via POST /connectors", () -> {
            cluster.rest().createConnector(connector.name(), connector.config());
            connectors.add(connector.name());
            cluster.awaitRunning(connector.name(), 1, DEPLOY_TIMEOUT);
            return connector.name();
        });
    }

    private <T> T step(String what, Callable<T> action) throws Exception {
        out.printf("  ... starting %s%n", what);
        long t0 = System.nanoTime();
        T result = action.call();
        out.printf("  ok  %s (%.1f s)%n", what, (System.nanoTime() - t0) / 1e9);
        return result;
    }

    /** The embedded PostgreSQL server. */
    public DemoPostgres postgres() {
        return postgres;
    }

    /** The demo's Redis, if it runs one. */
    public Optional<DemoRedis> redis() {
        return Optional.ofNullable(redis);
    }

    /** The deployed Redis sink connector's name, if Redis runs. */
    public Optional<String> redisSinkName() {
        return Optional.ofNullable(redisSinkName);
    }

    /** The demo's Iceberg lake, unless {@code --no-iceberg}. */
    public Optional<DemoIceberg> iceberg() {
        return Optional.ofNullable(iceberg);
    }

    /** The deployed Iceberg sink connector's name, if the lake is there. */
    public Optional<String> icebergSinkName() {
        return Optional.ofNullable(icebergSinkName);
    }

    /** The demo's ClickHouse, if one is at hand. */
    public Optional<DemoClickHouse> clickHouse() {
        return Optional.ofNullable(clickHouse);
    }

    /** The deployed ClickHouse sink connector's name, if ClickHouse runs. */
    public Optional<String> clickHouseSinkName() {
        return Optional.ofNullable(clickHouseSinkName);
    }

    /** The amp simulator the source streams from. */
    public AmpSimulator simulator() {
        return simulator;
    }

    /** The broker's {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** A REST client of the Connect worker. */
    public ConnectRestClient rest() {
        return cluster.rest();
    }

    /** The deployed source connector's name. */
    public String sourceName() {
        return sourceName;
    }

    /** The deployed PostgreSQL sink connector's name. */
    public String sinkName() {
        return sinkName;
    }

    /** The work directory's log files, for the "where are the logs" hint. */
    public List<Path> logFiles() {
        List<Path> logs = new ArrayList<>();
        if (broker != null) {
            logs.add(broker.logFile());
        }
        if (cluster != null) {
            cluster.workers().forEach(w -> logs.add(w.logFile()));
        }
        return logs;
    }

    /**
     * Stops everything in reverse start order, gracefully: the connectors (PUT /connectors/NAME/stop, so tasks
     * commit and close), the worker and broker (SIGTERM, as a service manager would), the simulator, ClickHouse's
     * database, the Iceberg catalog client, Redis, PostgreSQL.
     * A step that fails is reported and the others still run.
     */
    @Override
    public void close() {
        if (cluster != null) {
            for (int i = connectors.size() - 1; i >= 0; i--) {
                String name = connectors.get(i);
                quietly("stop connector " + name, () -> cluster.rest().stop(name));
            }
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            AutoCloseable resource = started.get(i);
            quietly("stop " + describe(resource), resource::close);
        }
        started.clear();
    }

    private String describe(AutoCloseable resource) {
        if (resource == cluster) {
            return "Connect worker";
        }
        if (resource == broker) {
            return "Kafka broker";
        }
        if (resource == redis) {
            return "redis-server";
        }
        if (resource == iceberg) {
            return "Iceberg catalog client";
        }
        if (resource == clickHouse) {
            return "ClickHouse (drop the demo's database)";
        }
        return resource == simulator ? "amp simulator" : "PostgreSQL";
    }

    private void quietly(String what, AutoCloseable action) {
        out.printf("  ... %s%n", what);
        try {
            action.close();
        } catch (Exception | Error e) {
            out.printf("  !!  %s failed: %s%n", what, e);
        }
    }

    private static Path freshDirectory(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                old.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot clear " + dir + " (is another demo running?)", e);
                    }
                });
            }
        }
        return Files.createDirectories(dir);
    }
}
