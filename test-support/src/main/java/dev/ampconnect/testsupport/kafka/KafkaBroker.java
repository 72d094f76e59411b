package dev.ampconnect.testsupport.kafka;

import java.net.URI;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ampconnect.testsupport.TestService;

/**
 * A plain Kafka broker (no Connect worker) tests may produce to and consume from: a Testcontainers
 * {@code apache/kafka} broker where Docker answers, an in-JVM KRaft broker otherwise, or the cluster in
 * {@code AMP_TEST_KAFKA_BOOTSTRAP_SERVERS} (left running). Tests that need a Connect worker use
 * {@code ConnectClusterExtension}, which brings its own brokers.
 */
public final class KafkaBroker implements TestService {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);

    private final String bootstrapServers;
    private final String origin;
    private final AutoCloseable owned;
    private volatile boolean closed;

    KafkaBroker(String bootstrapServers, String origin, AutoCloseable owned) {
        this.bootstrapServers = bootstrapServers;
        this.origin = origin;
        this.owned = owned;
    }

    /** {@code host:port[,host:port]}, what {@code bootstrap.servers} needs. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public String name() {
        return "kafka";
    }

    /** {@code kafka://host:port} of the first bootstrap server. */
    @Override
    public URI endpoint() {
        return URI.create("kafka://" + bootstrapServers.split(",")[0].trim());
    }

    @Override
    public String origin() {
        return origin;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                LOG.warn("could not stop {} at {}", origin, bootstrapServers, e);
            }
        }
    }
}
