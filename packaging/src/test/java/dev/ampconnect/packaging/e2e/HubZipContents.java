package dev.ampconnect.packaging.e2e;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What one built Confluent Hub zip holds, read straight from the zip: its top-level directory, manifest, the
 * files of {@code lib/}, {@code etc/} and {@code doc/}, the connector classes its jars declare through
 * ServiceLoader manifests, and which lib jars carry classes the worker must provide (Kafka, slf4j).
 *
 * @param zip               the zip file
 * @param root              its single top-level directory ({@code ampconnect-<name>-<version>})
 * @param manifestText      {@code manifest.json} as text
 * @param manifest          {@code manifest.json} parsed
 * @param files             every file by its path below {@code root} ({@code lib/x.jar}, {@code etc/y.json}), as bytes
 * @param connectorClasses  connector class to {@code source} or {@code sink}, from the lib jars' service files
 * @param workerClassJars   lib jars that contain {@code org/apache/kafka/} or {@code org/slf4j/} classes
 */
record HubZipContents(Path zip, String root, String manifestText, JsonNode manifest, Map<String, byte[]> files,
                      Map<String, String> connectorClasses, List<String> workerClassJars) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> SERVICE_FILES = Map.of(
            "META-INF/services/org.apache.kafka.connect.source.SourceConnector", "source",
            "META-INF/services/org.apache.kafka.connect.sink.SinkConnector", "sink");

    static HubZipContents read(Path zip) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<String> roots = new ArrayList<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                int slash = name.indexOf('/');
                String root = slash < 0 ? name : name.substring(0, slash);
                if (!roots.contains(root)) {
                    roots.add(root);
                }
                if (!entry.isDirectory() && slash >= 0) {
                    try (InputStream in = file.getInputStream(entry)) {
                        files.put(name.substring(slash + 1), in.readAllBytes());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Hub zip " + zip, e);
        }
        if (roots.size() != 1) {
            throw new AssertionError(zip + " must hold one top-level directory, holds " + roots);
        }
        byte[] manifestBytes = files.get("manifest.json");
        if (manifestBytes == null) {
            throw new AssertionError(zip + " has no " + roots.get(0) + "/manifest.json");
        }
        String manifestText = new String(manifestBytes, StandardCharsets.UTF_8);
        JsonNode manifest;
        try {
            manifest = JSON.readTree(manifestText);
        } catch (IOException e) {
            throw new AssertionError(zip + " manifest.json is not JSON (a hub.* property with a quote or a "
                    + "missing comma?):\n" + manifestText, e);
        }
        Map<String, String> connectors = new LinkedHashMap<>();
        List<String> workerClassJars = new ArrayList<>();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (f.getKey().startsWith("lib/") && f.getKey().endsWith(".jar")) {
                scanJar(f.getKey(), f.getValue(), connectors, workerClassJars);
            }
        }
        return new HubZipContents(zip, roots.get(0), manifestText, manifest, files, connectors, workerClassJars);
    }

    private static void scanJar(String path, byte[] jar, Map<String, String> connectors, List<String> workerClassJars) {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            boolean carriesWorkerClasses = false;
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                String name = e.getName();
                carriesWorkerClasses |= name.endsWith(".class")
                        && (name.startsWith("org/apache/kafka/") || name.startsWith("org/slf4j/"));
                String type = SERVICE_FILES.get(name);
                if (type != null) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        String className = line.replaceAll("#.*", "").trim();
                        if (!className.isEmpty()) {
                            connectors.put(className, type);
                        }
                    }
                }
            }
            if (carriesWorkerClasses) {
                workerClassJars.add(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " inside a Hub zip", e);
        }
    }

    /** The file names directly in {@code dir} ({@code lib}, {@code etc}, {@code doc}). */
    List<String> filesIn(String dir) {
        return files.keySet().stream()
                .filter(k -> k.startsWith(dir + "/") && k.indexOf('/', dir.length() + 1) < 0)
                .map(k -> k.substring(dir.length() + 1))
                .toList();
    }

    /** A file's text. */
    String text(String path) {
        return new String(files.get(path), StandardCharsets.UTF_8);
    }
}
