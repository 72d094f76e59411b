package dev.ampconnect.packaging.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.ampconnect.packaging.cluster.ConnectCluster;
import dev.ampconnect.packaging.cluster.KafkaBrokerProcess;
import dev.ampconnect.packaging.cluster.KafkaRuntime;
import dev.ampconnect.packaging.cluster.PluginPath;
import dev.ampconnect.packaging.rest.ConnectRestClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts, once per test class, a real KRaft broker process and a distributed Connect cluster of real worker
 * processes whose plugin.path the test fills first; stops everything after the class. Register it as a static
 * field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KafkaConnectExtension kafka = KafkaConnectExtension.builder()
 *         .workers(2)
 *         .plugins(path -> path.installHubZip(zip))
 *         .build();
 * }</pre>
 */
final class KafkaConnectExtension implements BeforeAllCallback, AfterAllCallback {

    private final KafkaRuntime workerRuntime;
    private final int workers;
    private final boolean exactlyOnceSource;
    private final Map<String, String> workerProperties;
    private final List<Function<PluginPath, String>> jvmOptions;
    private final Consumer<PluginPath> plugins;

    private Path workDir;
    private KafkaBrokerProcess broker;
    private PluginPath pluginPath;
    private ConnectCluster cluster;

    private KafkaConnectExtension(Builder b) {
        this.workerRuntime = b.workerRuntime;
        this.workers = b.workers;
        this.exactlyOnceSource = b.exactlyOnceSource;
        this.workerProperties = Map.copyOf(b.workerProperties);
        this.jvmOptions = List.copyOf(b.jvmOptions);
        this.plugins = b.plugins;
    }

    static Builder builder() {
        return new Builder();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        workDir = BuildOutputs.workDir(context.getRequiredTestClass());
        broker = KafkaBrokerProcess.start(BuildOutputs.kafka(), workDir.resolve("broker"));
        pluginPath = PluginPath.at(workDir.resolve("plugins"));
        plugins.accept(pluginPath);
        ConnectCluster.Builder builder = ConnectCluster.builder(workerRuntime, broker.bootstrapServers(),
                        workDir.resolve("connect"))
                .workers(workers)
                .pluginPath(pluginPath.dir())
                .exactlyOnceSource(exactlyOnceSource);
        workerProperties.forEach(builder::workerProperty);
        jvmOptions.forEach(option -> builder.jvmOption(option.apply(pluginPath)));
        cluster = builder.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /** The broker. */
    KafkaBrokerProcess broker() {
        return broker;
    }

    /** The Connect cluster. */
    ConnectCluster cluster() {
        return cluster;
    }

    /** A REST client of a live worker of the cluster. */
    ConnectRestClient rest() {
        return cluster.rest();
    }

    /** The shared plugin.path. */
    PluginPath pluginPath() {
        return pluginPath;
    }

    /** This class's scratch directory (files for FileStream connectors, process logs). */
    Path workDir() {
        return workDir;
    }

    /** Configures a {@link KafkaConnectExtension}. */
    static final class Builder {
        private KafkaRuntime workerRuntime = BuildOutputs.kafka();
        private int workers = 1;
        private boolean exactlyOnceSource;
        private final Map<String, String> workerProperties = new LinkedHashMap<>();
        private final List<Function<PluginPath, String>> jvmOptions = new ArrayList<>();
        private Consumer<PluginPath> plugins = path -> { };

        /** The Kafka Connect version of the workers (the broker is always the pinned one); default pinned. */
        Builder workerRuntime(KafkaRuntime runtime) {
            this.workerRuntime = runtime;
            return this;
        }

        /** How many workers; default 1. */
        Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        /** {@code exactly.once.source.support=enabled} on the workers. */
        Builder exactlyOnceSource(boolean enabled) {
            this.exactlyOnceSource = enabled;
            return this;
        }

        /** A worker property over the harness defaults. */
        Builder workerProperty(String key, String value) {
            workerProperties.put(key, value);
            return this;
        }

        /** A worker JVM option made from the filled plugin.path (e.g. a -javaagent reading a zip's etc/ file). */
        Builder jvmOption(Function<PluginPath, String> option) {
            jvmOptions.add(option);
            return this;
        }

        /** Fills the plugin.path before the workers start (they read it once, at startup). */
        Builder plugins(Consumer<PluginPath> installer) {
            this.plugins = installer;
            return this;
        }

        KafkaConnectExtension build() {
            return new KafkaConnectExtension(this);
        }
    }
}
