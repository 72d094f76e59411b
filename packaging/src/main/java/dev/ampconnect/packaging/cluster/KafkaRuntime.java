package dev.ampconnect.packaging.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One Kafka installation on disk: a {@code libs/} directory of jars, like a binary distribution's, from which
 * broker and worker processes are started. Its version is read from the {@code kafka-clients} jar it holds, so
 * the directory name cannot lie about it.
 *
 * @param home    the installation directory (contains {@code libs/})
 * @param version the Kafka version, e.g. {@code 4.3.1}
 */
public record KafkaRuntime(Path home, String version) {

    private static final Pattern CLIENTS_JAR = Pattern.compile("kafka-clients-(\\d+)\\.(\\d+)\\.(\\d+)\\.jar");

    /**
     * The installation at {@code home}.
     *
     * @throws IllegalArgumentException when {@code home/libs} holds no {@code kafka-clients-x.y.z.jar}
     */
    public static KafkaRuntime at(Path home) {
        Path libs = home.resolve("libs");
        if (!Files.isDirectory(libs)) {
            throw new IllegalArgumentException("no Kafka installation at " + home + ": " + libs
                    + " is not a directory (packaging's build fills target/kafka-runtimes in pre-integration-test)");
        }
        try (Stream<Path> jars = Files.list(libs)) {
            return jars.map(jar -> CLIENTS_JAR.matcher(jar.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> new KafkaRuntime(home, m.group(1) + "." + m.group(2) + "." + m.group(3)))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "no kafka-clients-x.y.z.jar in " + libs + ", so its Kafka version is unknown"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + libs, e);
        }
    }

    /** The {@code libs/} directory. */
    public Path libs() {
        return home.resolve("libs");
    }

    /** The JVM class path of every jar in {@code libs/} (the JVM expands the wildcard). */
    public String classpath() {
        return libs().toAbsolutePath() + "/*";
    }

    /** Whether this version is {@code major.minor} or newer. */
    public boolean atLeast(int major, int minor) {
        List<Integer> parts = Stream.of(version.split("\\.")).map(Integer::parseInt).toList();
        return parts.get(0) > major || (parts.get(0) == major && parts.get(1) >= minor);
    }

    /** Whether the installation can run a broker (it holds Kafka's server jar, not only Connect's). */
    public boolean hasBroker() {
        try (Stream<Path> jars = Files.list(libs())) {
            return jars.anyMatch(jar -> jar.getFileName().toString().startsWith("kafka_2.13-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + libs(), e);
        }
    }

    /** Kafka 4.0 moved its own logging from reload4j (log4j 1.2 API) to log4j 2. */
    public boolean logsThroughLog4j2() {
        return atLeast(4, 0);
    }

    /** {@code plugin.discovery} (KIP-898) arrived in 3.6. */
    public boolean supportsPluginDiscovery() {
        return atLeast(3, 6);
    }

    /** {@code GET /health} (KIP-1017) arrived in 3.9. */
    public boolean hasHealthEndpoint() {
        return atLeast(3, 9);
    }

    @Override
    public String toString() {
        return "Kafka " + version + " at " + home;
    }
}
