package dev.ampconnect.testsupport.kafka;

import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

import dev.ampconnect.testsupport.EnvironmentOverride;
import dev.ampconnect.testsupport.ServiceCandidate;
import dev.ampconnect.testsupport.ServiceCandidates;
import dev.ampconnect.testsupport.SharedService;
import dev.ampconnect.testsupport.containers.DockerEngine;

/**
 * Where a plain test Kafka broker comes from, in order:
 * <ol>
 *   <li>{@code AMP_TEST_KAFKA_BOOTSTRAP_SERVERS}: an existing cluster. If set, it is the only candidate.</li>
 *   <li>{@code apache/kafka} at the Kafka client version on the class path, via Testcontainers, where a Docker
 *       engine answers ({@link DockerEngine}; skipped at once without one).</li>
 *   <li>One in-JVM KRaft broker (Kafka's {@code EmbeddedKafkaCluster}).</li>
 * </ol>
 */
public final class KafkaBrokers {

    public static final EnvironmentOverride BOOTSTRAP_SERVERS = new EnvironmentOverride("AMP_TEST_KAFKA_BOOTSTRAP_SERVERS");

    private static final SharedService<KafkaBroker> SHARED = new SharedService<>(
            new ServiceCandidates<>("kafka", List.of(external(), container(), inJvm()))::startFirstAvailable);

    private KafkaBrokers() {
    }

    /** The broker shared by every test class in this JVM, started on first use. */
    public static KafkaBroker shared() {
        return SHARED.get();
    }

    static ServiceCandidate<KafkaBroker> external() {
        return ServiceCandidate.of("existing cluster from " + BOOTSTRAP_SERVERS.variable(),
                () -> BOOTSTRAP_SERVERS.value().isPresent() ? Optional.empty() : Optional.of(BOOTSTRAP_SERVERS.unsetReason()),
                true,
                () -> new KafkaBroker(BOOTSTRAP_SERVERS.value().orElseThrow(),
                        "existing cluster from " + BOOTSTRAP_SERVERS.variable(), null));
    }

    /** The image of the Testcontainers candidate: Apache Kafka at the client version tests compile against. */
    static String image() {
        return "apache/kafka:" + AppInfoParser.getVersion();
    }

    static ServiceCandidate<KafkaBroker> container() {
        return ServiceCandidate.of(image() + " via Testcontainers", DockerEngine::unavailableBecause, false, () -> {
            KafkaContainer container = new KafkaContainer(DockerImageName.parse(image()));
            container.start();
            return new KafkaBroker(container.getBootstrapServers(), "Kafka broker " + image() + " (Testcontainers)",
                    container::stop);
        });
    }

    static ServiceCandidate<KafkaBroker> inJvm() {
        return ServiceCandidate.of("in-JVM KRaft broker (EmbeddedKafkaCluster)", Optional::empty, false, () -> {
            EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(1, new Properties());
            cluster.start();
            return new KafkaBroker(cluster.bootstrapServers(), "in-JVM Kafka " + AppInfoParser.getVersion()
                    + " broker (EmbeddedKafkaCluster)", cluster::stop);
        });
    }
}
