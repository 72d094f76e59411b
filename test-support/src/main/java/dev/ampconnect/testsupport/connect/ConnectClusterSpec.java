package dev.ampconnect.testsupport.connect;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What Kafka + Connect cluster a test class needs: number of brokers and workers and their extra
 * properties. Immutable; every {@code with…} returns a new spec.
 *
 * <p>{@link #defaults()} is one broker and one worker with:
 * <ul>
 *   <li>worker {@code plugin.discovery=service_load}: plugins are found through their
 *       {@code META-INF/services} files (a connector without them does not load; start-up ~8 s instead of
 *       ~18 s);</li>
 *   <li>worker {@code offset.flush.interval.ms=1000}: committed offsets become visible within a second
 *       instead of a minute;</li>
 *   <li>broker transaction state log with replication factor and min ISR 1, so transactional producers
 *       (and exactly-once source) work on a single broker.</li>
 * </ul>
 * Brokers do not auto-create topics: create them with {@link ConnectCluster#createTopic}. The worker's
 * default converters are {@code StringConverter}s; set {@code key.converter}/{@code value.converter}
 * per connector.
 */
public final class ConnectClusterSpec {

    private final int brokers;
    private final int workers;
    private final Map<String, String> workerProperties;
    private final Map<String, String> brokerProperties;

    private ConnectClusterSpec(int brokers, int workers, Map<String, String> workerProperties,
                               Map<String, String> brokerProperties) {
        if (brokers < 1 || workers < 1) {
            throw new IllegalArgumentException("a Connect test cluster needs at least 1 broker and 1 worker, got "
                    + brokers + " brokers and " + workers + " workers");
        }
        this.brokers = brokers;
        this.workers = workers;
        // sorted, so toString (logged when a cluster starts or fails) is stable
        this.workerProperties = Collections.unmodifiableMap(new TreeMap<>(workerProperties));
        this.brokerProperties = Collections.unmodifiableMap(new TreeMap<>(brokerProperties));
    }

    /** One broker, one worker, the settings listed in the class documentation. */
    public static ConnectClusterSpec defaults() {
        return new ConnectClusterSpec(1, 1,
                Map.of("plugin.discovery", "service_load",
                        "offset.flush.interval.ms", "1000"),
                Map.of("transaction.state.log.replication.factor", "1",
                        "transaction.state.log.min.isr", "1"));
    }

    public ConnectClusterSpec withBrokers(int count) {
        return new ConnectClusterSpec(count, workers, workerProperties, brokerProperties);
    }

    public ConnectClusterSpec withWorkers(int count) {
        return new ConnectClusterSpec(brokers, count, workerProperties, brokerProperties);
    }

    /** Sets one worker property (any {@code DistributedConfig} key, {@code producer.*}, {@code consumer.*}). */
    public ConnectClusterSpec withWorkerProperty(String key, String value) {
        return new ConnectClusterSpec(brokers, workers, with(workerProperties, map -> map.put(key, value)),
                brokerProperties);
    }

    /** Sets one broker property, e.g. {@code log.retention.ms}. */
    public ConnectClusterSpec withBrokerProperty(String key, String value) {
        return new ConnectClusterSpec(brokers, workers, workerProperties,
                with(brokerProperties, map -> map.put(key, value)));
    }

    /**
     * Loads plugins from {@code directory} (e.g. an unpacked Hub zip) through Connect's plugin class
     * loader isolation, as a production worker would.
     */
    public ConnectClusterSpec withPluginPath(Path directory) {
        return withWorkerProperty("plugin.path", directory.toAbsolutePath().toString());
    }

    /**
     * Exactly-once source support on the workers, with {@code producer.transaction.timeout.ms=10000} so
     * that a task killed inside a transaction can be restarted after ~10 s instead of a minute; every
     * source transaction in such a test must then commit well within 10 s.
     */
    public ConnectClusterSpec withExactlyOnceSource() {
        return withWorkerProperty("exactly.once.source.support", "enabled")
                .withWorkerProperty("producer.transaction.timeout.ms", "10000");
    }

    /**
     * Worker group settings for crash and restart tests: a lost worker is noticed after ~6 s and its
     * tasks are reassigned at once ({@code scheduled.rebalance.max.delay.ms=0}) instead of after up to 5
     * minutes.
     */
    public ConnectClusterSpec withFastFailover() {
        return withWorkerProperty("session.timeout.ms", "6000")
                .withWorkerProperty("heartbeat.interval.ms", "1000")
                .withWorkerProperty("scheduled.rebalance.max.delay.ms", "0");
    }

    public int brokers() {
        return brokers;
    }

    public int workers() {
        return workers;
    }

    /** The worker properties this spec adds to the embedded cluster's own. */
    public Map<String, String> workerProperties() {
        return workerProperties;
    }

    public Map<String, String> brokerProperties() {
        return brokerProperties;
    }

    private static Map<String, String> with(Map<String, String> base, Consumer<Map<String, String>> change) {
        Map<String, String> copy = new LinkedHashMap<>(base);
        change.accept(copy);
        return copy;
    }

    @Override
    public String toString() {
        return brokers + " broker(s), " + workers + " worker(s), worker " + workerProperties
                + ", broker " + brokerProperties;
    }
}
