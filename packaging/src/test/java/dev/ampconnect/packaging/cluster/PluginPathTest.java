package dev.ampconnect.packaging.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginPathTest {

    @TempDir
    Path tmp;

    @Test
    void hubZipIsUnpackedAsOneComponentDirectory() throws IOException {
        Path zip = zip("a.zip", Map.of(
                "ampconnect-x-1.0/manifest.json", "{}",
                "ampconnect-x-1.0/lib/x-1.0.jar", "jar",
                "ampconnect-x-1.0/etc/x.properties", "name=x"));
        PluginPath path = PluginPath.at(tmp.resolve("plugins"));

        Path component = path.installHubZip(zip);

        assertEquals(path.dir().resolve("ampconnect-x-1.0"), component);
        assertEquals("jar", Files.readString(component.resolve("lib/x-1.0.jar")));
        assertEquals("name=x", Files.readString(component.resolve("etc/x.properties")));
    }

    @Test
    void zipEntryEscapingThePluginPathIsRefused() throws IOException {
        Path zip = zip("evil.zip", Map.of("ampconnect-x-1.0/../../escaped.txt", "boom"));
        PluginPath path = PluginPath.at(tmp.resolve("plugins"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> path.installHubZip(zip));

        assertTrue(e.getMessage().contains("outside plugin.path"), e.getMessage());
        assertTrue(Files.notExists(tmp.resolve("escaped.txt")));
    }

    @Test
    void zipWithoutManifestAndLibIsNotAHubComponent() throws IOException {
        Path zip = zip("plain.zip", Map.of("stuff/readme.txt", "hi"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PluginPath.at(tmp.resolve("plugins")).installHubZip(zip));

        assertTrue(e.getMessage().contains("no manifest.json and lib/"), e.getMessage());
    }

    @Test
    void plainJarsAreInstalledInTheHubLayout() throws IOException {
        Path jar = Files.writeString(tmp.resolve("connect-file-4.3.1.jar"), "jar");

        Path component = PluginPath.at(tmp.resolve("plugins")).installJars("kafka-connect-file", List.of(jar));

        assertEquals("jar", Files.readString(component.resolve("lib/connect-file-4.3.1.jar")));
    }

    private Path zip(String name, Map<String, String> entries) throws IOException {
        Path zip = tmp.resolve(name);
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return zip;
    }
}
