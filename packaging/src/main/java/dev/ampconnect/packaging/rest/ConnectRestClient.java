package dev.ampconnect.packaging.rest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Kafka Connect REST API of one worker, the way a user drives a Connect cluster: connectors, their status,
 * config validation, offsets (KIP-875), stop/pause/resume and the loaded plugins. Writes that hit a worker
 * group mid-rebalance or with a stale config (409, other than "already exists") are retried for up to
 * {@link #REBALANCE_RETRY}, as a careful operator would, since tests kill and restart workers on purpose;
 * every other error status is a {@link ConnectRestException}.
 */
public final class ConnectRestClient {

    /** How long a write is retried while the worker group rebalances (HTTP 409). */
    public static final Duration REBALANCE_RETRY = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };

    private final URI base;
    private final HttpClient http;

    /** A client of the worker whose REST listener is {@code base} (e.g. {@code http://localhost:8083}). */
    public ConnectRestClient(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The worker's REST listener. */
    public URI baseUri() {
        return base;
    }

    /** {@code GET /}: the worker's version and Kafka cluster. */
    public WorkerInfo workerInfo() {
        JsonNode root = get("/");
        return new WorkerInfo(root.path("version").asText(), root.path("commit").asText(),
                root.path("kafka_cluster_id").asText());
    }

    /** {@code GET /health} (3.9+): true once the worker has finished starting and can serve requests. */
    public boolean healthy() {
        return send("GET", "/health", null).statusCode() == 200;
    }

    /** {@code GET /connector-plugins}: the connector classes the worker found (plugin.path and class path). */
    public List<ConnectorPlugin> connectorPlugins() {
        List<ConnectorPlugin> plugins = new ArrayList<>();
        for (JsonNode p : get("/connector-plugins")) {
            plugins.add(new ConnectorPlugin(p.path("class").asText(), p.path("type").asText(),
                    p.path("version").asText()));
        }
        return plugins;
    }

    /** {@code GET /connectors}: the names of all connectors. */
    public List<String> connectors() {
        List<String> names = new ArrayList<>();
        get("/connectors").forEach(n -> names.add(n.asText()));
        return names;
    }

    /** {@code POST /connectors}: creates connector {@code name}; fails (409) if it exists. */
    public void createConnector(String name, Map<String, String> config) {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", name);
        body.set("config", JSON.valueToTree(config));
        write("POST", "/connectors", body);
    }

    /**
     * {@code POST /connectors} with {@code initial_state} (Connect 3.7+, KIP-980): {@code PAUSED} creates the connector
     * without running its tasks until {@link #resume}, so a benchmark times the data flow and not the rebalance.
     */
    public void createConnector(String name, Map<String, String> config, String initialState) {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", name);
        body.set("config", JSON.valueToTree(config));
        body.put("initial_state", initialState);
        write("POST", "/connectors", body);
    }

    /** {@code PUT /connectors/{name}/config}: creates the connector or replaces its whole config. */
    public void putConnectorConfig(String name, Map<String, String> config) {
        write("PUT", connector(name) + "/config", JSON.valueToTree(config));
    }

    /** {@code GET /connectors/{name}/config}. */
    public Map<String, String> connectorConfig(String name) {
        return JSON.convertValue(get(connector(name) + "/config"), STRING_MAP);
    }

    /** {@code DELETE /connectors/{name}}. */
    public void deleteConnector(String name) {
        write("DELETE", connector(name), null);
    }

    /** {@code GET /connectors/{name}/status}. */
    public ConnectorStatus status(String name) {
        JsonNode root = get(connector(name) + "/status");
        List<TaskStatus> tasks = new ArrayList<>();
        for (JsonNode t : root.path("tasks")) {
            tasks.add(new TaskStatus(t.path("id").asInt(), t.path("state").asText(), t.path("worker_id").asText(),
                    t.hasNonNull("trace") ? t.get("trace").asText() : null));
        }
        JsonNode c = root.path("connector");
        return new ConnectorStatus(root.path("name").asText(), c.path("state").asText(), c.path("worker_id").asText(),
                c.hasNonNull("trace") ? c.get("trace").asText() : null, tasks);
    }

    /** {@code PUT /connectors/{name}/pause}. */
    public void pause(String name) {
        write("PUT", connector(name) + "/pause", null);
    }

    /** {@code PUT /connectors/{name}/stop} (3.5+): tasks shut down, the connector stays; needed before offsets can change. */
    public void stop(String name) {
        write("PUT", connector(name) + "/stop", null);
    }

    /** {@code PUT /connectors/{name}/resume}: runs a paused or stopped connector again. */
    public void resume(String name) {
        write("PUT", connector(name) + "/resume", null);
    }

    /** {@code POST /connectors/{name}/restart?includeTasks=…&onlyFailed=…}. */
    public void restart(String name, boolean includeTasks, boolean onlyFailed) {
        write("POST", connector(name) + "/restart?includeTasks=" + includeTasks + "&onlyFailed=" + onlyFailed, null);
    }

    /**
     * {@code PUT /connector-plugins/{class}/config/validate}. Connect refuses a body without {@code name}
     * (and checks {@code connector.class} against the path), so both are added when {@code config} lacks them.
     */
    public ConfigValidation validate(String connectorClass, Map<String, String> config) {
        Map<String, String> body = new LinkedHashMap<>(config);
        body.putIfAbsent("connector.class", connectorClass);
        body.putIfAbsent("name", "validation");
        JsonNode root = parse(expectOk("PUT", "/connector-plugins/" + segment(connectorClass) + "/config/validate",
                JSON.valueToTree(body)), "validate " + connectorClass);
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (JsonNode c : root.path("configs")) {
            JsonNode value = c.path("value");
            List<String> messages = new ArrayList<>();
            value.path("errors").forEach(e -> messages.add(e.asText()));
            if (!messages.isEmpty()) {
                errors.put(value.path("name").asText(), messages);
            }
        }
        return new ConfigValidation(connectorClass, root.path("error_count").asInt(), errors);
    }

    /** {@code GET /connectors/{name}/offsets} (3.5+): the offsets the connector last committed. */
    public List<ConnectorOffset> offsets(String name) {
        List<ConnectorOffset> offsets = new ArrayList<>();
        for (JsonNode o : get(connector(name) + "/offsets").path("offsets")) {
            offsets.add(new ConnectorOffset(JSON.convertValue(o.path("partition"), MAP),
                    o.path("offset").isNull() ? null : JSON.convertValue(o.path("offset"), MAP)));
        }
        return offsets;
    }

    /** {@code PATCH /connectors/{name}/offsets} (3.6+) of a stopped connector; returns Connect's message. */
    public String alterOffsets(String name, List<ConnectorOffset> offsets) {
        ObjectNode body = JSON.createObjectNode();
        var array = body.putArray("offsets");
        for (ConnectorOffset o : offsets) {
            ObjectNode entry = array.addObject();
            entry.set("partition", JSON.valueToTree(o.partition()));
            entry.set("offset", JSON.valueToTree(o.offset()));
        }
        return message(write("PATCH", connector(name) + "/offsets", body));
    }

    /** {@code DELETE /connectors/{name}/offsets} (3.6+) of a stopped connector; returns Connect's message. */
    public String resetOffsets(String name) {
        return message(write("DELETE", connector(name) + "/offsets", null));
    }

    private static String connector(String name) {
        return "/connectors/" + segment(name);
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode get(String path) {
        return parse(expectOk("GET", path, null), "GET " + path);
    }

    /** A write, retried while the group rebalances; returns the response body. */
    private String write(String method, String path, JsonNode body) {
        long deadline = System.nanoTime() + REBALANCE_RETRY.toNanos();
        while (true) {
            HttpResponse<String> response = send(method, path, body);
            // 409 is both "rebalance in progress"/"stale configuration" (transient) and "already exists" (final)
            boolean rebalancing = response.statusCode() == 409 && !response.body().contains("already exists");
            if (!rebalancing || System.nanoTime() > deadline) {
                return checked(method, path, response);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted retrying " + method + " " + path, e);
            }
        }
    }

    private String expectOk(String method, String path, JsonNode body) {
        return checked(method, path, send(method, path, body));
    }

    private String checked(String method, String path, HttpResponse<String> response) {
        if (response.statusCode() >= 300) {
            throw new ConnectRestException(method, base + path, response.statusCode(), response.body());
        }
        return response.body();
    }

    private HttpResponse<String> send(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(100))
                .header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + base + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + base + path, e);
        }
    }

    private static JsonNode parse(String body, String what) {
        try {
            return body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(what + " answered something that is not JSON: " + body, e);
        }
    }

    private static String message(String body) {
        return parse(body, "offsets").path("message").asText(body);
    }

    @Override
    public String toString() {
        return "Connect REST " + base;
    }
}
