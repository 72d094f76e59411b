package dev.ampconnect.testsupport.connect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ampconnect.testsupport.ExitCleanup;
import dev.ampconnect.testsupport.ServiceStartException;
import dev.ampconnect.testsupport.TestService;

/**
 * A running in-JVM Kafka + Connect cluster (Kafka's own {@link EmbeddedConnectCluster}: KRaft brokers
 * and distributed-mode workers with their REST servers, all on free ports), with the small
 * conveniences integration tests need: topics, a synchronous producer, a {@link TopicReader} and a
 * {@link ConnectorClient} per connector. Everything else Kafka's test kit offers is reachable through
 * {@link #embedded()} and {@link #kafka()}.
 *
 * <p>{@code EmbeddedConnectCluster} is not public Kafka API, which is why the Kafka version is pinned
 * exactly in the parent POM.
 */
public final class ConnectCluster implements TestService {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectCluster.class);
    private static final long SEND_TIMEOUT_SECONDS = 30;
    private static final Duration REST_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final EmbeddedConnectCluster connect;
    private final ConnectClusterSpec spec;
    private final ExitCleanup.Registration exitCleanup;
    private KafkaProducer<byte[], byte[]> producer;
    private volatile boolean closed;

    private ConnectCluster(EmbeddedConnectCluster connect, ConnectClusterSpec spec) {
        this.connect = connect;
        this.spec = spec;
        this.exitCleanup = ExitCleanup.register("Connect cluster " + connect.getName(), this::stopQuietly);
    }

    /**
     * Starts brokers and workers and waits until every worker's REST server answers.
     *
     * @param name names the cluster and its internal topics, e.g. the test class's simple name
     * @throws ServiceStartException with the spec and the cause if the cluster does not come up
     */
    public static ConnectCluster start(String name, ConnectClusterSpec spec) {
        Properties brokerProperties = new Properties();
        brokerProperties.putAll(spec.brokerProperties());
        EmbeddedConnectCluster connect = new EmbeddedConnectCluster.Builder()
                .name("amp-" + name)
                .numBrokers(spec.brokers())
                .numWorkers(spec.workers())
                .brokerProps(brokerProperties)
                .workerProps(new HashMap<>(spec.workerProperties()))
                .maskExitProcedures(true)
                .build();
        long started = System.nanoTime();
        ConnectCluster cluster = new ConnectCluster(connect, spec);
        try {
            connect.start();
            connect.assertions().assertExactlyNumWorkersAreUp(spec.workers(),
                    "Connect workers of cluster " + name + " did not start in time");
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw new ServiceStartException("cannot start Kafka + Connect test cluster " + name + " (" + spec
                    + "): " + e.getMessage(), e);
        }
        LOG.info("amp test service: kafka-connect = {} for {} in {} ms, bootstrap {}, REST {}",
                cluster.origin(), name, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                cluster.bootstrapServers(), cluster.endpoint());
        return cluster;
    }

    /** Kafka's cluster object: REST helpers, {@code assertions()}, {@code workers()}, add/remove workers. */
    public EmbeddedConnectCluster embedded() {
        return connect;
    }

    /** The brokers: admin client, consumers, producers, topic helpers. */
    public EmbeddedKafkaCluster kafka() {
        return connect.kafka();
    }

    public String bootstrapServers() {
        return kafka().bootstrapServers();
    }

    public ConnectClusterSpec spec() {
        return spec;
    }

    /** Creates {@code topic} with {@code partitions} partitions, replication factor 1. */
    public void createTopic(String topic, int partitions) {
        createTopic(topic, partitions, Map.of());
    }

    /** Creates {@code topic} with topic-level configs, e.g. {@code cleanup.policy=compact}. */
    public void createTopic(String topic, int partitions, Map<String, String> topicConfig) {
        kafka().createTopic(topic, partitions, 1, topicConfig);
    }

    /** Reads {@code topic} from the beginning; see {@link TopicReader}. */
    public TopicReader topic(String topic) {
        return new TopicReader(kafka(), topic);
    }

    /**
     * Sends one record (headers included) with a shared idempotent producer and waits until the broker
     * acknowledged it.
     */
    public synchronized RecordMetadata send(ProducerRecord<byte[], byte[]> record) {
        if (producer == null) {
            producer = newProducer(Map.of());
        }
        try {
            return producer.send(record).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot send a record to topic " + record.topic()
                    + " partition " + record.partition() + " on " + bootstrapServers() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted sending to " + record.topic(), e);
        }
    }

    /**
     * A new byte-array producer on this cluster; the caller closes it. {@code overrides} may add
     * e.g. {@code transactional.id} for a transactional producer.
     */
    public KafkaProducer<byte[], byte[]> newProducer(Map<String, Object> overrides) {
        return kafka().createProducer(new HashMap<>(overrides));
    }

    /** REST operations on connector {@code name} (which need not exist yet). */
    public ConnectorClient connector(String name) {
        return new ConnectorClient(connect, name);
    }

    /**
     * {@code GET} of a REST path relative to the first worker, e.g. {@code connector-plugins}, and
     * returns the JSON body.
     *
     * @throws IllegalStateException on a non-2xx answer, with status and body
     */
    public String restGet(String path) {
        URI url = endpoint().resolve(path);
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(url).timeout(REST_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("GET " + url + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during GET " + url, e);
        }
    }

    @Override
    public String name() {
        return "kafka-connect";
    }

    /** The REST URL of one worker. */
    @Override
    public URI endpoint() {
        return connect.workers().stream().findFirst().map(WorkerHandle::url)
                .orElseThrow(() -> new IllegalStateException("Connect cluster " + connect.getName()
                        + " has no workers"));
    }

    @Override
    public String origin() {
        return "EmbeddedConnectCluster (Kafka " + AppInfoParser.getVersion() + "), " + spec.brokers()
                + " broker(s), " + spec.workers() + " worker(s)";
    }

    /** Stops workers, then brokers. Idempotent. */
    @Override
    public void close() {
        exitCleanup.cancel();
        stopQuietly();
    }

    private synchronized void stopQuietly() {
        if (closed) {
            return;
        }
        closed = true;
        if (producer != null) {
            producer.close();
        }
        try {
            connect.stop();
        } catch (RuntimeException e) {
            LOG.warn("Connect cluster {} did not stop cleanly", connect.getName(), e);
        }
    }

    @Override
    public String toString() {
        return "ConnectCluster[" + connect.getName() + ", " + spec + "]";
    }
}
