package dev.ampconnect.packaging.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.ampconnect.packaging.cluster.KafkaRuntime;

/**
 * Where packaging's build put what the end-to-end tests run: the Kafka installations, the FileStream plugin jar,
 * the connectors' built Hub zips and the scratch directory. Failsafe passes each as a system property
 * (packaging/pom.xml); the defaults are the same paths relative to the module, for running a test from an IDE
 * after one {@code verify}.
 */
final class BuildOutputs {

    private BuildOutputs() {
    }

    /** The pinned Kafka (broker and worker), {@code target/kafka-runtimes/kafka-4.3.1}. */
    static KafkaRuntime kafka() {
        return KafkaRuntime.at(path("ampconnect.kafka.home", "target/kafka-runtimes/kafka-4.3.1"));
    }

    /** The oldest Connect worker the tests cover, {@code target/kafka-runtimes/kafka-3.9.1} (worker only). */
    static KafkaRuntime minimumConnect() {
        return KafkaRuntime.at(path("ampconnect.kafka.minimum.home", "target/kafka-runtimes/kafka-3.9.1"));
    }

    /** Kafka's {@code connect-file} jar (FileStream connectors), kept off every class path. */
    static Path fileStreamJar() {
        return path("ampconnect.filestream.jar", "target/plugin-jars/connect-file-4.3.1.jar");
    }

    /** Prometheus's JMX exporter agent jar ({@code io.prometheus.jmx:jmx_prometheus_javaagent}), a worker's -javaagent. */
    static Path jmxExporterAgent() {
        return path("ampconnect.jmx.exporter.agent", "target/jmx-exporter/jmx_prometheus_javaagent-1.0.1.jar");
    }

    /** The Grafana dashboard the repository ships, {@code packaging/grafana/amp-connect.json}. */
    static Path grafanaDashboard() {
        return path("ampconnect.grafana.dashboard", "grafana/amp-connect.json");
    }

    /** The built Hub zips of the connectors packaging depends on; empty until a connector declares one. */
    static List<Path> hubZips() {
        Path dir = path("ampconnect.hub.zips", "target/hub-zips");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".zip")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** A fresh scratch directory for one test class's processes and files. */
    static Path workDir(Class<?> testClass) {
        Path dir = path("ampconnect.e2e.work", "target/e2e").resolve(testClass.getSimpleName());
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> old = Files.walk(dir)) {
                    old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir, e);
        }
    }

    private static Path path(String property, String fallback) {
        return Path.of(System.getProperty(property, fallback)).toAbsolutePath();
    }
}
