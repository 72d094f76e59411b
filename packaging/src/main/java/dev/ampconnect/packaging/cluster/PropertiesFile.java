package dev.ampconnect.packaging.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A {@code .properties} file written as plain sorted {@code key=value} lines, readable by a person comparing a
 * test's broker or worker with a production one (java.util.Properties would escape every {@code :}).
 */
final class PropertiesFile {

    private PropertiesFile() {
    }

    static Path write(Path file, Map<String, String> properties) {
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (e.getValue().contains("\n") || e.getValue().contains("\\")) {
                throw new IllegalArgumentException("property " + e.getKey() + " has a value this writer cannot keep "
                        + "verbatim (newline or backslash): " + e.getValue());
            }
        }
        String text = new TreeMap<>(properties).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
