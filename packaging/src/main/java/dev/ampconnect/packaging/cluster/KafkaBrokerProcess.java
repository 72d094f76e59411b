package dev.ampconnect.packaging.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka broker (broker and controller in one process) as a real child process, on free
 * ports, with every internal topic at replication factor 1 so one node is a complete cluster: consumer
 * offsets, transaction state (exactly-once source) and share-group state. Storage is formatted once
 * ({@code StorageTool format}); {@link #restart()} keeps data, ports and cluster id.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerProcess.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final ChildJvm.Spec spec;
    private final int port;
    private ChildJvm jvm;
    private Duration lastStart = Duration.ZERO;

    private KafkaBrokerProcess(ChildJvm.Spec spec, int port) {
        this.spec = spec;
        this.port = port;
    }

    /** Formats storage under {@code workDir}, starts the broker and returns once it serves metadata. */
    public static KafkaBrokerProcess start(KafkaRuntime runtime, Path workDir) {
        return start(runtime, workDir, Map.of());
    }

    /**
     * As {@link #start(KafkaRuntime, Path)}, with {@code overrides} applied over the harness's
     * {@code server.properties} (e.g. {@code transaction.max.timeout.ms}).
     */
    public static KafkaBrokerProcess start(KafkaRuntime runtime, Path workDir, Map<String, String> overrides) {
        if (!runtime.hasBroker()) {
            throw new IllegalArgumentException(runtime + " holds no broker (kafka_2.13 jar); brokers run on the "
                    + "pinned Kafka version, older runtimes are worker-only");
        }
        int port = FreePorts.next();
        int controllerPort = FreePorts.next();
        Map<String, String> server = serverProperties(workDir, port, controllerPort);
        server.putAll(overrides);
        Path serverFile = PropertiesFile.write(workDir.resolve("server.properties"), server);
        Path log = workDir.resolve("broker.log");
        List<String> jvmOptions = new ArrayList<>();
        jvmOptions.add("-Xmx512m");
        jvmOptions.add("-Djava.awt.headless=true");
        jvmOptions.addAll(ProcessLogging.jvmOptions(runtime, workDir));

        ChildJvm.run(new ChildJvm.Spec("broker-storage-format", runtime, jvmOptions, "kafka.tools.StorageTool",
                List.of("format", "-t", Uuid.randomUuid().toString(), "-c", serverFile.toString()),
                workDir, log), Duration.ofSeconds(60));

        ChildJvm.Spec spec = new ChildJvm.Spec("broker", runtime, jvmOptions, "kafka.Kafka",
                List.of(serverFile.toString()), workDir, log);
        KafkaBrokerProcess broker = new KafkaBrokerProcess(spec, port);
        broker.launch();
        return broker;
    }

    private static Map<String, String> serverProperties(Path workDir, int port, int controllerPort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", workDir.resolve("data").toAbsolutePath().toString());
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        // one node: every internal topic at RF 1, few partitions so first use is quick
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "1");
        // a Connect group forms at once instead of after the default 3 s
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        return p;
    }

    private void launch() {
        long started = System.nanoTime();
        jvm = ChildJvm.start(spec);
        Await.until("broker port " + port + " open", START_TIMEOUT, this::portOpen, this::deadReason);
        Await.until("broker serving cluster metadata on " + bootstrapServers(), START_TIMEOUT, this::servesMetadata,
                this::deadReason);
        lastStart = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("Kafka {} broker up on {} (pid {}) in {} ms; log {}", spec.runtime().version(), bootstrapServers(),
                jvm.pid(), lastStart.toMillis(), spec.logFile());
    }

    private boolean portOpen() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean servesMetadata() throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        try (Admin admin = Admin.create(props)) {
            return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
        }
    }

    private String deadReason() {
        return jvm.isAlive() ? null
                : "broker " + jvm.exitDescription() + "; end of " + spec.logFile() + ":\n" + jvm.logTail(30);
    }

    /** {@code bootstrap.servers} for clients and workers. */
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** The broker's Kafka version. */
    public String runtimeVersion() {
        return spec.runtime().version();
    }

    /** The broker process's pid. */
    public long pid() {
        return jvm.pid();
    }

    /** Whether the broker process is running. */
    public boolean isAlive() {
        return jvm != null && jvm.isAlive();
    }

    /** The broker's stdout/stderr log. */
    public Path logFile() {
        return spec.logFile();
    }

    /** How long the last (re)start took until the broker served metadata. */
    public Duration lastStartDuration() {
        return lastStart;
    }

    /** Graceful shutdown (SIGTERM: controlled shutdown, logs flushed). */
    public void stop() {
        if (isAlive()) {
            jvm.stop(STOP_GRACE);
        }
    }

    /** SIGKILL: the broker dies without flushing or deregistering. */
    public void kill9() {
        jvm.kill9();
    }

    /** Starts the broker again on the same ports and data after {@link #stop()} or {@link #kill9()}. */
    public void restart() {
        if (isAlive()) {
            throw new IllegalStateException("broker on " + bootstrapServers() + " is still running (pid " + pid()
                    + "); stop() or kill9() it first");
        }
        launch();
    }

    @Override
    public void close() {
        stop();
    }
}
