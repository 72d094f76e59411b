package dev.ampconnect.packaging.cluster;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ampconnect.packaging.rest.ConnectRestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One distributed-mode Kafka Connect worker ({@code ConnectDistributed}) as a real child process, with its REST
 * API on a free port. Settings favour tests that crash workers: offsets flushed every second, a 6 s session
 * timeout and no scheduled-rebalance delay, so tasks of a killed worker move within seconds instead of ~45 s.
 * Every worker JVM gets {@code --add-opens=java.base/java.nio=ALL-UNNAMED}, which Arrow inside a plugin needs.
 */
public final class ConnectWorkerProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectWorkerProcess.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    /** The JVM option Arrow needs in any worker that runs an amp connector (docs/ARCHITECTURE.md). */
    public static final String ARROW_ADD_OPENS = "--add-opens=java.base/java.nio=ALL-UNNAMED";

    private final String name;
    private final int restPort;
    private final ChildJvm.Spec spec;
    private final ConnectRestClient rest;
    private ChildJvm jvm;
    private long launchedAt;
    private Duration lastStart = Duration.ZERO;

    private ConnectWorkerProcess(String name, int restPort, ChildJvm.Spec spec) {
        this.name = name;
        this.restPort = restPort;
        this.spec = spec;
        this.rest = new ConnectRestClient(URI.create("http://localhost:" + restPort));
    }

    /** Starts worker {@code name} of the group in {@code workDir} and returns once its REST API serves requests. */
    public static ConnectWorkerProcess start(WorkerGroupSettings group, String name, Path workDir) {
        ConnectWorkerProcess worker = launch(group, name, workDir);
        worker.awaitReady();
        return worker;
    }

    /** Starts the process without waiting: lets a cluster start several workers side by side. */
    static ConnectWorkerProcess launch(WorkerGroupSettings group, String name, Path workDir) {
        int restPort = FreePorts.next();
        Path workerFile = PropertiesFile.write(workDir.resolve("worker.properties"),
                workerProperties(group, restPort));
        List<String> jvmOptions = new ArrayList<>();
        jvmOptions.add(ARROW_ADD_OPENS);
        jvmOptions.add("-Xmx1g");
        jvmOptions.add("-Djava.awt.headless=true");
        jvmOptions.addAll(ProcessLogging.jvmOptions(group.runtime(), workDir));
        jvmOptions.addAll(group.jvmOptions());
        ChildJvm.Spec spec = new ChildJvm.Spec(name, group.runtime(), jvmOptions,
                "org.apache.kafka.connect.cli.ConnectDistributed", List.of(workerFile.toString()), workDir,
                workDir.resolve(name + ".log"));
        ConnectWorkerProcess worker = new ConnectWorkerProcess(name, restPort, spec);
        worker.launchJvm();
        return worker;
    }

    private static Map<String, String> workerProperties(WorkerGroupSettings group, int restPort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("bootstrap.servers", group.bootstrapServers());
        p.put("group.id", group.groupId());
        p.put("config.storage.topic", group.groupId() + "-configs");
        p.put("offset.storage.topic", group.groupId() + "-offsets");
        p.put("status.storage.topic", group.groupId() + "-status");
        p.put("config.storage.replication.factor", "1");
        p.put("offset.storage.replication.factor", "1");
        p.put("status.storage.replication.factor", "1");
        p.put("offset.storage.partitions", "5");
        p.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        p.put("listeners", "http://localhost:" + restPort);
        p.put("rest.advertised.host.name", "localhost");
        p.put("rest.advertised.port", String.valueOf(restPort));
        p.put("plugin.path", group.pluginPath().toAbsolutePath().toString());
        if (group.runtime().supportsPluginDiscovery()) {
            // read ServiceLoader manifests instead of scanning every jar: ~8 s instead of ~18 s per start
            p.put("plugin.discovery", "service_load");
        }
        // a crash loses at most ~1 s of source offsets; a dead worker's tasks move after ~6 s
        p.put("offset.flush.interval.ms", "1000");
        p.put("session.timeout.ms", "6000");
        p.put("heartbeat.interval.ms", "1000");
        p.put("scheduled.rebalance.max.delay.ms", "0");
        if (group.exactlyOnceSource()) {
            p.put("exactly.once.source.support", "enabled");
        }
        p.putAll(group.overrides());
        return p;
    }

    private void launchJvm() {
        launchedAt = System.nanoTime();
        jvm = ChildJvm.start(spec);
    }

    /** Waits until the worker has started and its REST API serves requests. */
    void awaitReady() {
        boolean health = spec.runtime().hasHealthEndpoint();
        Await.until(name + " REST API serving on " + rest.baseUri(), START_TIMEOUT,
                () -> health ? rest.healthy() : rest.connectors() != null, this::deadReason);
        lastStart = Duration.ofNanos(System.nanoTime() - launchedAt);
        LOG.info("Kafka Connect {} worker {} up on {} (pid {}) in {} ms; log {}", spec.runtime().version(), name,
                rest.baseUri(), jvm.pid(), lastStart.toMillis(), spec.logFile());
    }

    private String deadReason() {
        return jvm.isAlive() ? null
                : name + " " + jvm.exitDescription() + "; end of " + spec.logFile() + ":\n" + jvm.logTail(40);
    }

    /** The worker's name in this harness ({@code worker-1}). */
    public String name() {
        return name;
    }

    /** The worker id Connect reports in connector and task status ({@code localhost:<rest port>}). */
    public String workerId() {
        return "localhost:" + restPort;
    }

    /** A REST client of this worker. */
    public ConnectRestClient rest() {
        return rest;
    }

    /** The worker process's pid. */
    public long pid() {
        return jvm.pid();
    }

    /** Whether the worker process is running. */
    public boolean isAlive() {
        return jvm != null && jvm.isAlive();
    }

    /** The worker's stdout/stderr log (all its runs, appended). */
    public Path logFile() {
        return spec.logFile();
    }

    /** The Kafka Connect version this worker runs. */
    public KafkaRuntime runtime() {
        return spec.runtime();
    }

    /** How long the last (re)start took until the REST API served requests. */
    public Duration lastStartDuration() {
        return lastStart;
    }

    /** Graceful shutdown (SIGTERM): tasks stop, offsets are committed, the worker leaves its group. */
    public void stop() {
        if (isAlive()) {
            jvm.stop(STOP_GRACE);
        }
    }

    /** SIGKILL: the worker dies mid-whatever, without committing offsets or leaving its group. */
    public void kill9() {
        jvm.kill9();
        LOG.info("killed worker {} (pid {}) with SIGKILL", name, jvm.pid());
    }

    /** Starts the worker again with the same id, REST port and config, and waits until it serves requests. */
    public void restart() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is still running (pid " + pid() + "); stop() or kill9() it first");
        }
        launchJvm();
        awaitReady();
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return name + " (" + workerId() + ", Connect " + spec.runtime().version() + ", " + jvm + ")";
    }
}
