package dev.ampconnect.packaging.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import dev.ampconnect.packaging.cluster.KafkaRuntime;

/**
 * Where packaging's build put what the demo runs: the Kafka installation ({@code target/kafka-runtimes}, filled
 * by maven-invoker-plugin in pre-integration-test), the connectors' Hub zips ({@code target/hub-zips}) and the
 * demo's scratch directory. The same system properties as the end-to-end tests
 * ({@code ampconnect.kafka.home}, {@code ampconnect.hub.zips}) override the defaults; {@code ./demo.sh} and
 * failsafe set them.
 *
 * @param kafka   the Kafka installation the broker and worker run from
 * @param hubZips the Hub zips to install into plugin.path
 * @param workDir scratch directory for logs, broker data, plugin.path and PostgreSQL's data directory
 */
public record DemoBuild(KafkaRuntime kafka, List<Path> hubZips, Path workDir) {

    /**
     * Locates the build outputs under {@code target} (packaging's build directory).
     *
     * @throws IllegalStateException when the build has not produced them, with the command that does
     */
    public static DemoBuild locate(Path targetDir) {
        // absolute: broker and worker run with their own work directories as working directory
        Path target = targetDir.toAbsolutePath().normalize();
        Path kafkaHome = property("ampconnect.kafka.home").orElseGet(() -> newestBrokerRuntime(target));
        Path zipDir = property("ampconnect.hub.zips").orElse(target.resolve("hub-zips"));
        List<Path> zips = list(zipDir).stream().filter(f -> f.getFileName().toString().endsWith(".zip")).toList();
        if (zips.isEmpty()) {
            throw new IllegalStateException("no Hub zips in " + zipDir + "; build them with "
                    + "./mvnw -B -pl packaging -am verify -DskipTests");
        }
        Path work = property("ampconnect.demo.work").orElse(target.resolve("demo"));
        return new DemoBuild(KafkaRuntime.at(kafkaHome), zips, work);
    }

    private static Path newestBrokerRuntime(Path target) {
        return list(target.resolve("kafka-runtimes")).stream()
                .filter(dir -> Files.isDirectory(dir.resolve("libs")))
                .map(KafkaRuntime::at)
                .filter(KafkaRuntime::hasBroker)
                .max(Comparator.comparing(KafkaRuntime::version, DemoBuild::compareVersions))
                .map(KafkaRuntime::home)
                .orElseThrow(() -> new IllegalStateException("no Kafka installation with a broker in "
                        + target.resolve("kafka-runtimes") + "; build it with "
                        + "./mvnw -B -pl packaging -am verify -DskipTests"));
    }

    private static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    private static Optional<Path> property(String name) {
        return Optional.ofNullable(System.getProperty(name)).map(p -> Path.of(p).toAbsolutePath());
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
