package dev.ampconnect.testsupport.containers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ampconnect.testsupport.EnvironmentOverride;

/**
 * Whether Testcontainers-backed candidates can run here: the guard of every container candidate, asked
 * once per JVM. Without any sign of a Docker engine (no {@code DOCKER_HOST}, no {@code docker.host} in
 * {@code ~/.testcontainers.properties}, none of the usual {@code docker.sock} files) it answers "no Docker
 * engine" at once, without loading Testcontainers (whose own probe logs errors and tries every strategy);
 * otherwise it asks {@code DockerClientFactory.isDockerAvailable()}. {@code AMP_TEST_DOCKER=off} skips
 * containers even where Docker runs, so the local fallbacks are tested.
 */
public final class DockerEngine {

    /** {@code off} (or {@code false}) keeps Testcontainers candidates out even where Docker exists. */
    public static final EnvironmentOverride SWITCH = new EnvironmentOverride("AMP_TEST_DOCKER");

    private static final Logger LOG = LoggerFactory.getLogger(DockerEngine.class);
    private static Optional<String> verdict;

    private DockerEngine() {
    }

    /** Why containers cannot be started here, or empty when a Docker engine answers. Cached per JVM. */
    public static synchronized Optional<String> unavailableBecause() {
        if (verdict == null) {
            long started = System.nanoTime();
            verdict = probe();
            LOG.debug("Docker probe took {} ms: {}", (System.nanoTime() - started) / 1_000_000,
                    verdict.orElse("available"));
        }
        return verdict;
    }

    private static Optional<String> probe() {
        String switchValue = SWITCH.valueOr("on").toLowerCase(Locale.ROOT);
        if (switchValue.equals("off") || switchValue.equals("false")) {
            return Optional.of("no Docker: Testcontainers disabled by " + SWITCH.variable() + "=" + switchValue);
        }
        List<Path> sockets = socketCandidates();
        boolean hinted = System.getenv("DOCKER_HOST") != null || configuredHost()
                || sockets.stream().anyMatch(Files::exists);
        if (!hinted) {
            return Optional.of("no Docker engine: DOCKER_HOST is unset, ~/.testcontainers.properties names no"
                    + " docker.host, and none of " + sockets + " exists");
        }
        try {
            if (org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
                return Optional.empty();
            }
            return Optional.of("no Docker engine: Testcontainers found none that answers (its log says why)");
        } catch (RuntimeException | LinkageError e) {
            return Optional.of("no Docker engine: Testcontainers' probe failed: " + e);
        }
    }

    /** Where Docker Engine, rootless Docker, Docker Desktop, Colima and Rancher Desktop put their socket. */
    private static List<Path> socketCandidates() {
        Path home = Path.of(System.getProperty("user.home"));
        List<Path> sockets = new ArrayList<>(List.of(Path.of("/var/run/docker.sock"),
                home.resolve(".docker/run/docker.sock"), home.resolve(".docker/desktop/docker.sock"),
                home.resolve(".colima/default/docker.sock"), home.resolve(".rd/docker.sock")));
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        if (runtime != null) {
            sockets.add(Path.of(runtime, "docker.sock"));
        }
        return sockets;
    }

    private static boolean configuredHost() {
        Path file = Path.of(System.getProperty("user.home"), ".testcontainers.properties");
        if (!Files.isRegularFile(file)) {
            return false;
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            return false;
        }
        return properties.containsKey("docker.host") || properties.containsKey("tc.host");
    }
}
