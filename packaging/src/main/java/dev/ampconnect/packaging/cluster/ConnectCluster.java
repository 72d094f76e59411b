package dev.ampconnect.packaging.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.ampconnect.packaging.rest.ConnectRestClient;
import dev.ampconnect.packaging.rest.ConnectorStatus;

/**
 * One Kafka Connect cluster in distributed mode: workers of one group, each a real process, sharing a broker,
 * storage topics and a plugin.path. Workers start side by side; the cluster can grow ({@link #addWorker()})
 * and any worker can be stopped, killed and restarted through {@link #worker(int)}.
 */
public final class ConnectCluster implements AutoCloseable {

    private final WorkerGroupSettings settings;
    private final Path workDir;
    private final List<ConnectWorkerProcess> workers = new CopyOnWriteArrayList<>();

    private ConnectCluster(WorkerGroupSettings settings, Path workDir) {
        this.settings = settings;
        this.workDir = workDir;
    }

    /** A cluster of {@code runtime} workers against {@code bootstrapServers}, working under {@code workDir}. */
    public static Builder builder(KafkaRuntime runtime, String bootstrapServers, Path workDir) {
        return new Builder(runtime, bootstrapServers, workDir);
    }

    /** Starts one more worker in the group and returns once it serves requests. */
    public ConnectWorkerProcess addWorker() {
        ConnectWorkerProcess worker = ConnectWorkerProcess.launch(settings, nextName(), workerDir(workers.size()));
        workers.add(worker);
        worker.awaitReady();
        return worker;
    }

    private void startWorkers(int count) {
        List<ConnectWorkerProcess> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ConnectWorkerProcess worker = ConnectWorkerProcess.launch(settings, nextName(), workerDir(workers.size()));
            workers.add(worker);
            started.add(worker);
        }
        started.forEach(ConnectWorkerProcess::awaitReady);
    }

    private String nextName() {
        return "worker-" + (workers.size() + 1);
    }

    private Path workerDir(int index) {
        return workDir.resolve("worker-" + (index + 1));
    }

    /** The shared settings (group id, plugin.path, runtime...). */
    public WorkerGroupSettings settings() {
        return settings;
    }

    /** All workers ever started in this cluster, alive or not, in start order. */
    public List<ConnectWorkerProcess> workers() {
        return List.copyOf(workers);
    }

    /** Worker {@code index} (0-based, start order). */
    public ConnectWorkerProcess worker(int index) {
        return workers.get(index);
    }

    /** The worker whose Connect worker id (as in a status response) is {@code workerId}. */
    public Optional<ConnectWorkerProcess> workerWithId(String workerId) {
        return workers.stream().filter(w -> w.workerId().equals(workerId)).findFirst();
    }

    /** A REST client of the first live worker (any worker forwards writes to the leader). */
    public ConnectRestClient rest() {
        return workers.stream().filter(ConnectWorkerProcess::isAlive).findFirst()
                .map(ConnectWorkerProcess::rest)
                .orElseThrow(() -> new IllegalStateException("no live worker in Connect group " + settings.groupId()));
    }

    /**
     * Waits until connector {@code name} and exactly {@code tasks} tasks run, asking any live worker.
     *
     * @throws ConditionTimeoutException on timeout, or at once when the connector or a task FAILED (with traces)
     */
    public ConnectorStatus awaitRunning(String name, int tasks, Duration timeout) {
        ConnectorStatus[] last = new ConnectorStatus[1];
        return Await.value("connector " + name + " RUNNING with " + tasks + " task(s) in group " + settings.groupId(),
                timeout, () -> {
                    last[0] = rest().status(name);
                    return last[0].isRunningWith(tasks) ? Optional.of(last[0]) : Optional.empty();
                },
                () -> last[0] != null && last[0].hasFailure() ? "it failed:\n" + last[0].failureTraces() : null);
    }

    /** Stops every live worker gracefully. */
    @Override
    public void close() {
        workers.forEach(ConnectWorkerProcess::stop);
    }

    /** Builds and starts a {@link ConnectCluster}. */
    public static final class Builder {
        private final KafkaRuntime runtime;
        private final String bootstrapServers;
        private final Path workDir;
        private String groupId = "connect";
        private int workers = 1;
        private Path pluginPath;
        private boolean exactlyOnceSource;
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private final List<String> jvmOptions = new ArrayList<>();

        private Builder(KafkaRuntime runtime, String bootstrapServers, Path workDir) {
            this.runtime = runtime;
            this.bootstrapServers = bootstrapServers;
            this.workDir = workDir;
        }

        /** {@code group.id}, also the prefix of the storage topics; default {@code connect}. */
        public Builder groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        /** How many workers {@link #start()} starts; default 1. */
        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        /** {@code plugin.path}; default {@code <workDir>/plugins}. */
        public Builder pluginPath(Path pluginPath) {
            this.pluginPath = pluginPath;
            return this;
        }

        /** {@code exactly.once.source.support=enabled} on every worker. */
        public Builder exactlyOnceSource(boolean enabled) {
            this.exactlyOnceSource = enabled;
            return this;
        }

        /** A worker property over the harness defaults. */
        public Builder workerProperty(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        /** An extra worker JVM option. */
        public Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        /** Starts the workers and returns once every one serves REST requests. */
        public ConnectCluster start() {
            Path plugins = pluginPath != null ? pluginPath : PluginPath.at(workDir.resolve("plugins")).dir();
            ConnectCluster cluster = new ConnectCluster(new WorkerGroupSettings(runtime, bootstrapServers, groupId,
                    plugins, exactlyOnceSource, overrides, jvmOptions), workDir);
            try {
                cluster.startWorkers(workers);
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
            return cluster;
        }
    }
}
