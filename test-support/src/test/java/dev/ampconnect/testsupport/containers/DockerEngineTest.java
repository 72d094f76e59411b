package dev.ampconnect.testsupport.containers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class DockerEngineTest {

    @Test
    void withoutAnySignOfDockerContainersStepAsideAtOnce() {
        boolean dockerHinted = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
        long started = System.nanoTime();
        Optional<String> verdict = DockerEngine.unavailableBecause();
        long millis = (System.nanoTime() - started) / 1_000_000;

        if (!dockerHinted && !Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"))) {
            assertTrue(verdict.isPresent() && verdict.get().startsWith("no Docker"), verdict.toString());
            // answered from the file system alone: no Testcontainers probe, no timeouts
            assertTrue(millis < 1000, "took " + millis + " ms");
        }
    }

    @Test
    void verdictIsCachedPerJvm() {
        Optional<String> first = DockerEngine.unavailableBecause();
        long started = System.nanoTime();
        Optional<String> second = DockerEngine.unavailableBecause();

        assertTrue(first.equals(second));
        assertTrue(System.nanoTime() - started < 50_000_000L);
    }
}
