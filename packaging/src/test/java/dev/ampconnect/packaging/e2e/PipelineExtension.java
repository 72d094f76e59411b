package dev.ampconnect.packaging.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import dev.ampconnect.packaging.cluster.ConnectCluster;
import dev.ampconnect.packaging.cluster.KafkaBrokerProcess;
import dev.ampconnect.packaging.cluster.KafkaRuntime;
import dev.ampconnect.packaging.cluster.PluginPath;
import dev.ampconnect.packaging.rest.ConnectRestClient;
import dev.ampconnect.packaging.rest.ConnectorStatus;
import dev.ampconnect.simulator.AmpSimulator;
import dev.ampconnect.testsupport.clickhouse.ClickHouseDatabase;
import dev.ampconnect.testsupport.clickhouse.ClickHouseServers;
import dev.ampconnect.testsupport.postgres.PostgresDatabase;
import dev.ampconnect.testsupport.postgres.PostgresServer;
import dev.ampconnect.testsupport.postgres.PostgresServers;
import dev.ampconnect.testsupport.redis.RedisServer;
import dev.ampconnect.testsupport.redis.RedisServers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole end-to-end pipeline, once per test class: the amp simulator in this JVM as the Flight SQL server, a
 * real PostgreSQL database and a real Redis (and, when asked for, a ClickHouse database of test-support's ClickHouse
 * service and two Iceberg catalogs, {@link PipelineIceberg}), a real KRaft broker and a distributed Connect cluster of
 * real worker processes whose plugin.path holds the BUILT Hub zips (source-flightsql, sink-postgresql, sink-redis;
 * sink-clickhouse and sink-iceberg with their stores) installed by {@link PluginPath#installHubZip} (never the test
 * class path), and the topics of
 * {@link PipelineStream#TRANSACTIONS} and {@link PipelineStream#BLOCKS}. Connectors are deployed by the test,
 * only through the REST API ({@link #deploy}), with configs from {@link #configs()} (the zips' sample configs
 * with the endpoints filled in); {@link #truth()} compares the stores with the canonical chain.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PipelineExtension pipeline = PipelineExtension.builder()
 *         .workers(2).exactlyOnceSource(true).sinkIsolationLevel("read_uncommitted")
 *         .simulator(b -> b.initialHead(300))
 *         .build();
 *
 * pipeline.deploy("src", pipeline.configs().source(PipelineStream.TRANSACTIONS));
 * pipeline.deploy("pg", pipeline.configs().postgresSink(PipelineStream.TRANSACTIONS));
 * pipeline.amp().chain().mine(10);
 * pipeline.cluster().worker(0).kill9();  pipeline.cluster().worker(0).restart();
 * pipeline.truth().awaitPostgresMatches(PipelineStream.TRANSACTIONS, Duration.ofMinutes(2));
 * }</pre>
 *
 * Everything it starts it stops after the class (the simulator, the databases are dropped, Redis flushed, the
 * REST catalog's namespace dropped, workers and broker stopped). The PostgreSQL server comes from {@link Builder#postgres} (default: the JVM's
 * shared one), so a test can bring a server it may stop and start.
 */
public final class PipelineExtension implements BeforeAllCallback, AfterAllCallback {

    /** Generous for a loaded two-core machine: a connector start includes a rebalance and a task start. */
    public static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(120);

    private final KafkaConnectExtension kafka;
    private final boolean exactlyOnceSource;
    private final String sinkIsolationLevel;
    private final Supplier<PostgresServer> postgresServer;
    private final UnaryOperator<AmpSimulator.Builder> simulatorSettings;
    private final boolean withClickHouse;
    private final boolean withIceberg;

    private AmpSimulator amp;
    private PostgresDatabase postgres;
    private RedisServer redis;
    private ClickHouseDatabase clickHouse;
    private PipelineIceberg iceberg;
    private PipelineConfigs configs;
    private PipelineTruth truth;

    private PipelineExtension(Builder b) {
        KafkaConnectExtension.Builder kafkaBuilder = KafkaConnectExtension.builder()
                .workerRuntime(b.workerRuntime)
                .workers(b.workers)
                .exactlyOnceSource(b.exactlyOnceSource)
                .plugins(path -> {
                    PipelineConfigs.modules(b.withClickHouse, b.withIceberg)
                            .forEach(module -> path.installHubZip(PipelineConfigs.hubZip(module)));
                    b.extraPlugins.accept(path);
                });
        b.workerProperties.forEach(kafkaBuilder::workerProperty);
        b.workerJvmOptions.forEach(kafkaBuilder::jvmOption);
        this.kafka = kafkaBuilder.build();
        this.exactlyOnceSource = b.exactlyOnceSource;
        this.sinkIsolationLevel = b.sinkIsolationLevel;
        this.postgresServer = b.postgresServer;
        this.simulatorSettings = b.simulatorSettings;
        this.withClickHouse = b.withClickHouse;
        this.withIceberg = b.withIceberg;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        amp = simulatorSettings.apply(AmpSimulator.builder()
                        .network("anvil")
                        .transactionsPerBlock(4)
                        .keepAliveInterval(Duration.ofMillis(100))
                        .maxBlocksPerMicrobatch(50))
                .start();
        postgres = postgresServer.get().createDatabase(context.getRequiredTestClass().getSimpleName());
        redis = RedisServers.shared();
        redis.flush();
        if (withClickHouse) {
            clickHouse = ClickHouseServers.shared().createDatabase(context.getRequiredTestClass().getSimpleName());
        }
        kafka.beforeAll(context);
        if (withIceberg) {
            iceberg = new PipelineIceberg(context, postgres, kafka.workDir());
        }
        createTopics(PipelineStream.TRANSACTIONS.topic(), PipelineStream.BLOCKS.topic());
        PipelineSettings settings = new PipelineSettings(amp.uri(), exactlyOnceSource, sinkIsolationLevel, postgres,
                redis, clickHouse, iceberg);
        configs = new PipelineConfigs(settings);
        truth = new PipelineTruth(amp, postgres, redis, clickHouse, iceberg);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            kafka.afterAll(context);
        } finally {
            if (amp != null) {
                amp.close();
            }
            if (redis != null) {
                redis.flush();
            }
            if (clickHouse != null) {
                clickHouse.close();
            }
            if (iceberg != null) {
                iceberg.close(context);
            }
            if (postgres != null) {
                try {
                    postgres.close();
                } catch (RuntimeException e) {
                    // the server may be stopped by a test (outage scenarios); its data dies with it
                }
            }
        }
    }

    /** Creates topics with one partition (the broker does not auto-create; each stream needs partition 0). */
    public void createTopics(String... topics) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker().bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            for (String topic : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic, e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating topics", e);
        }
    }

    /** Creates connector {@code name} through {@code POST /connectors} and waits until it and its task run. */
    public ConnectorStatus deploy(String name, Map<String, String> config) {
        rest().createConnector(name, config);
        return cluster().awaitRunning(name, Integer.parseInt(config.getOrDefault("tasks.max", "1")), DEPLOY_TIMEOUT);
    }

    /** The simulator (chain control: {@code amp().chain().mine/reorg/reorgFrom}; truth: {@code canonicalRows}). */
    public AmpSimulator amp() {
        return amp;
    }

    /** This class's PostgreSQL database. */
    public PostgresDatabase postgres() {
        return postgres;
    }

    /** The Redis server (flushed before and after the class). */
    public RedisServer redis() {
        return redis;
    }

    /** This class's ClickHouse database, or null without {@link Builder#withClickHouse()}. */
    public ClickHouseDatabase clickHouse() {
        return clickHouse;
    }

    /** This class's Iceberg catalogs, or null without {@link Builder#withIceberg()}. */
    PipelineIceberg iceberg() {
        return iceberg;
    }

    /** The connector configs (fresh maps). */
    public PipelineConfigs configs() {
        return configs;
    }

    /** Store-vs-canonical-chain comparisons. */
    public PipelineTruth truth() {
        return truth;
    }

    /** Broker and cluster (the harness's {@link KafkaConnectExtension}). */
    KafkaConnectExtension kafka() {
        return kafka;
    }

    public KafkaBrokerProcess broker() {
        return kafka.broker();
    }

    /** The workers: {@code cluster().worker(i).kill9()/restart()}, {@code addWorker()}. */
    public ConnectCluster cluster() {
        return kafka.cluster();
    }

    /** A REST client of a live worker. */
    public ConnectRestClient rest() {
        return kafka.rest();
    }

    /** This class's scratch directory ({@code target/e2e/<TestClass>}: process logs, files). */
    public java.nio.file.Path workDir() {
        return kafka.workDir();
    }

    /** Whether the workers run {@code exactly.once.source.support=enabled}. */
    public boolean exactlyOnceSource() {
        return exactlyOnceSource;
    }

    /** Configures a {@link PipelineExtension}. */
    public static final class Builder {
        private KafkaRuntime workerRuntime = BuildOutputs.kafka();
        private int workers = 1;
        private boolean exactlyOnceSource = true;
        private String sinkIsolationLevel = "read_committed";
        private Supplier<PostgresServer> postgresServer = PostgresServers::shared;
        private UnaryOperator<AmpSimulator.Builder> simulatorSettings = b -> b;
        private final Map<String, String> workerProperties = new java.util.LinkedHashMap<>();
        private final List<Function<PluginPath, String>> workerJvmOptions = new java.util.ArrayList<>();
        private Consumer<PluginPath> extraPlugins = path -> { };
        private boolean withClickHouse;
        private boolean withIceberg;

        /** The Connect workers' Kafka: {@code BuildOutputs.kafka()} (4.3.1, default) or {@code minimumConnect()} (3.9.1). */
        public Builder workerRuntime(KafkaRuntime runtime) {
            this.workerRuntime = runtime;
            return this;
        }

        /** How many workers; default 1. */
        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        /** Worker {@code exactly.once.source.support=enabled} (and the source's exactly-once keys); default on. */
        public Builder exactlyOnceSource(boolean enabled) {
            this.exactlyOnceSource = enabled;
            return this;
        }

        /** The sinks' {@code consumer.override.isolation.level}: {@code read_committed} (default) or {@code read_uncommitted}. */
        public Builder sinkIsolationLevel(String level) {
            this.sinkIsolationLevel = level;
            return this;
        }

        /** Where the database is created; default the JVM's shared server (e.g. a restartable one for outages). */
        public Builder postgres(Supplier<PostgresServer> server) {
            this.postgresServer = server;
            return this;
        }

        /**
         * Simulator settings over the fixture's defaults (network {@code anvil}, 4 transactions per block,
         * 100 ms keep-alives, microbatches of at most 50 blocks, head 0), e.g. {@code b -> b.initialHead(300)}.
         */
        public Builder simulator(UnaryOperator<AmpSimulator.Builder> settings) {
            this.simulatorSettings = settings;
            return this;
        }

        /** A worker property over the harness defaults. */
        public Builder workerProperty(String key, String value) {
            workerProperties.put(key, value);
            return this;
        }

        /**
         * A worker JVM option made from the filled plugin.path, e.g. a {@code -javaagent} whose configuration is
         * a file of an installed zip's {@code etc/} ({@link PrometheusExporter#agentOption}).
         */
        public Builder workerJvmOption(Function<PluginPath, String> option) {
            workerJvmOptions.add(option);
            return this;
        }

        /** More plugins next to the three zips (e.g. {@code FileStreamConnectors::install}). */
        public Builder extraPlugins(Consumer<PluginPath> installer) {
            this.extraPlugins = installer;
            return this;
        }

        /**
         * A ClickHouse database of its own on test-support's ClickHouse service (the chdb front end here, or
         * {@code AMP_TEST_CLICKHOUSE_URL}), and the ClickHouse sink's zip in plugin.path: {@link PipelineConnectors}
         * then deploys a ClickHouse sink too.
         */
        public Builder withClickHouse() {
            this.withClickHouse = true;
            return this;
        }

        /**
         * Two Iceberg catalogs ({@link PipelineIceberg}: test-support's REST catalog and a JDBC catalog in the
         * pipeline's PostgreSQL database) and the Iceberg sink's zip in plugin.path: {@link PipelineConnectors} then
         * deploys an Iceberg sink on each.
         */
        public Builder withIceberg() {
            this.withIceberg = true;
            return this;
        }

        public PipelineExtension build() {
            return new PipelineExtension(this);
        }
    }
}
