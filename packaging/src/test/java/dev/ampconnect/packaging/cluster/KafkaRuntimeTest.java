package dev.ampconnect.packaging.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaRuntimeTest {

    @TempDir
    Path home;

    @Test
    void versionComesFromTheKafkaClientsJarNotFromTheDirectoryName() throws IOException {
        Files.createDirectories(home.resolve("libs"));
        Files.createFile(home.resolve("libs/kafka-clients-3.9.1.jar"));
        Files.createFile(home.resolve("libs/connect-runtime-3.9.1.jar"));

        KafkaRuntime runtime = KafkaRuntime.at(home);

        assertEquals("3.9.1", runtime.version());
        assertFalse(runtime.hasBroker());
        assertFalse(runtime.logsThroughLog4j2());
        assertTrue(runtime.supportsPluginDiscovery());
        assertTrue(runtime.hasHealthEndpoint());
        assertEquals(home.resolve("libs").toAbsolutePath() + "/*", runtime.classpath());
    }

    @Test
    void versionComparisonIsNumericPerPart() {
        KafkaRuntime runtime = new KafkaRuntime(home, "4.3.1");

        assertTrue(runtime.atLeast(3, 10));
        assertTrue(runtime.atLeast(4, 3));
        assertFalse(runtime.atLeast(4, 10));
    }

    @Test
    void directoryWithoutKafkaClientsIsRefusedWithItsPath() throws IOException {
        Files.createDirectories(home.resolve("libs"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KafkaRuntime.at(home));

        assertTrue(e.getMessage().contains(home.resolve("libs").toString()), e.getMessage());
    }
}
