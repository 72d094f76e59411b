package dev.ampconnect.packaging.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The PromQL queries of a Grafana dashboard JSON and the metric names they use. */
final class GrafanaDashboard {

    /** The exporter's metric families: every name the dashboard may use starts with one of these. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:amp_source|amp_sink|kafka_connect)_[a-z0-9_]+)\\b");

    private final List<String> expressions;

    private GrafanaDashboard(List<String> expressions) {
        this.expressions = List.copyOf(expressions);
    }

    /** Reads every panel's {@code targets[].expr}. */
    static GrafanaDashboard read(Path file) {
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            List<String> expressions = new ArrayList<>();
            for (JsonNode panel : root.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    expressions.add(target.path("expr").asText());
                }
            }
            return new GrafanaDashboard(expressions);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard " + file, e);
        }
    }

    /** Every query, in panel order. */
    List<String> expressions() {
        return expressions;
    }

    /** The metric names {@code expression} uses. */
    static Set<String> metricNames(String expression) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = METRIC.matcher(expression);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
