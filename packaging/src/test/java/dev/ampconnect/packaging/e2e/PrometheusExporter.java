package dev.ampconnect.packaging.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.ampconnect.packaging.cluster.PluginPath;

/**
 * Prometheus's JMX exporter on a worker, as an operator runs it: the real {@code jmx_prometheus_javaagent} as
 * {@code -javaagent}, configured with the {@code etc/amp-connect-jmx-exporter.yml} of the installed source zip,
 * serving {@code /metrics} on a loopback port; and a scrape of it, parsed from the text exposition format.
 */
final class PrometheusExporter {

    /** The exporter rules every amp zip ships in {@code etc/}. */
    static final String CONFIG_FILE = "amp-connect-jmx-exporter.yml";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** {@code name{label="value",...} value} or {@code name value}; comments are skipped before. */
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+(\\S+)(\\s+\\S+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One sample of the scrape. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private PrometheusExporter() {
    }

    /** The worker JVM option: the agent on {@code 127.0.0.1:port} with the source zip's exporter rules. */
    static String agentOption(int port, PluginPath plugins) {
        return "-javaagent:" + BuildOutputs.jmxExporterAgent() + "=127.0.0.1:" + port + ":" + installedConfig(plugins);
    }

    /** {@code etc/amp-connect-jmx-exporter.yml} of the source zip installed in {@code plugins}. */
    static Path installedConfig(PluginPath plugins) {
        try (Stream<Path> components = Files.list(plugins.dir())) {
            Path source = components.filter(c -> c.getFileName().toString().startsWith("ampconnect-source-flightsql-"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no source zip installed in " + plugins));
            return source.resolve("etc").resolve(CONFIG_FILE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + plugins, e);
        }
    }

    /** {@code GET http://127.0.0.1:port/metrics}, parsed. */
    static List<Sample> scrape(int port) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(30)).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /metrics answered " + response.statusCode() + ": " + response.body());
            }
            return parse(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scrape the JMX exporter on port " + port, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted scraping port " + port, e);
        }
    }

    /** The samples of a Prometheus text exposition. */
    static List<Sample> parse(String exposition) {
        List<Sample> samples = new ArrayList<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line.trim());
            if (!sample.matches()) {
                throw new IllegalStateException("not a Prometheus sample line: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(4))));
        }
        return samples;
    }
}
