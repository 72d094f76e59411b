package dev.ampconnect.packaging.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Iceberg sink's store on a REST catalog: progress from the table property {@code amp.sink.<connector>.progress}
 * (sink-iceberg/README.md "Where the state lives": written in the same commit as the unit's files), read with the
 * catalog's own REST API ({@code GET …/namespaces/{ns}/tables/{table}}, the table's current metadata) at most every
 * {@value #POLL_MILLIS} ms, so this JVM needs no Iceberg library. The sink's state lives in the table's properties:
 * dropping the table drops it.
 */
public final class IcebergTarget implements SinkTarget {

    /** The sink connector class (as in the zip's sample config). */
    public static final String CONNECTOR_CLASS = "dev.ampconnect.sink.iceberg.AmpIcebergSinkConnector";
    /** The catalog name the connector is given ({@code iceberg.catalog}). */
    public static final String CATALOG_NAME = "amp_bench";
    private static final String CATALOG_KEY = "iceberg.catalog";
    private static final long POLL_MILLIS = 50;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final Map<String, String> catalogProperties;
    private final String namespace;
    private final String tablesPath;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ThrottledHead head = new ThrottledHead(POLL_MILLIS);
    /** Tables seen in the namespace: until then the namespace is listed, a load of a missing table is logged as an error. */
    private final Set<String> created = ConcurrentHashMap.newKeySet();

    /**
     * Creates {@code namespace} in the catalog unless it exists.
     *
     * @param catalogProperties the REST catalog's client properties ({@code type=rest}, {@code uri}, ...), without the
     *                          connector prefix: the worker reaches the catalog with them
     * @param namespace         a one-level namespace for the run's tables
     */
    public IcebergTarget(Map<String, String> catalogProperties, String namespace) {
        if (!"rest".equals(catalogProperties.get("type"))) {
            throw new IllegalArgumentException("IcebergTarget reads a REST catalog, got type " + catalogProperties.get("type"));
        }
        this.catalogProperties = Map.copyOf(catalogProperties);
        this.namespace = namespace;
        String uri = catalogProperties.get("uri").replaceAll("/+$", "");
        String prefix = call("GET", URI.create(uri + "/v1/config"), null).path("overrides").path("prefix").asText("");
        String base = uri + "/v1/" + (prefix.isEmpty() ? "" : encode(prefix) + "/") + "namespaces";
        this.tablesPath = base + "/" + encode(namespace) + "/tables/";
        boolean exists = false;
        for (JsonNode listed : call("GET", URI.create(base), null).path("namespaces")) {
            exists |= listed.size() == 1 && listed.get(0).asText().equals(namespace);
        }
        if (!exists) {
            call("POST", URI.create(base), "{\"namespace\":[" + JSON.valueToTree(namespace) + "]}");
        }
    }

    @Override
    public String name() {
        return "iceberg";
    }

    @Override
    public Map<String, String> sinkSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("connector.class", CONNECTOR_CLASS);
        settings.put(CATALOG_KEY, CATALOG_NAME);
        catalogProperties.forEach((key, value) -> settings.put(CATALOG_KEY + "." + key, value));
        settings.put("iceberg.namespace", namespace);
        return settings;
    }

    /** The sample's catalog ({@code iceberg.catalog} and every {@code iceberg.catalog.*} key) goes as a whole. */
    @Override
    public boolean replacesSampleKey(String key) {
        return key.equals(CATALOG_KEY) || key.startsWith(CATALOG_KEY + ".");
    }

    @Override
    public OptionalLong visibleHead(String connector, String table) {
        return head.get(connector + "/" + table, () -> readHead(connector, table));
    }

    private OptionalLong readHead(String connector, String table) {
        JsonNode metadata = metadata(table);
        if (metadata == null) {
            return OptionalLong.empty(); // the sink creates the table with its first rows
        }
        JsonNode property = metadata.path("properties").path(progressKey(connector));
        if (property.isMissingNode()) {
            return OptionalLong.empty();
        }
        try {
            long newest = -1;
            for (Iterator<JsonNode> networks = JSON.readTree(property.asText()).elements(); networks.hasNext(); ) {
                newest = Math.max(newest, networks.next().path("block").asLong(-1));
            }
            return newest < 0 ? OptionalLong.empty() : OptionalLong.of(newest);
        } catch (IOException e) {
            throw new IllegalStateException("progress property of " + table + " is not JSON: " + property.asText(), e);
        }
    }

    /** Rows of the current snapshot: its summary's {@code total-records} less {@code total-position-deletes}. */
    @Override
    public long rows(String table) {
        JsonNode metadata = metadata(table);
        if (metadata == null || !metadata.hasNonNull("current-snapshot-id")) {
            return 0;
        }
        long current = metadata.path("current-snapshot-id").asLong();
        for (JsonNode snapshot : metadata.path("snapshots")) {
            if (snapshot.path("snapshot-id").asLong() == current) {
                JsonNode summary = snapshot.path("summary");
                return summary.path("total-records").asLong() - summary.path("total-position-deletes").asLong(0);
            }
        }
        throw new IllegalStateException("table " + table + " has no snapshot " + current + " in its metadata");
    }

    /** Drops the table with its files ({@code purgeRequested}); the connector's state goes with its properties. */
    @Override
    public void drop(String connector, String table) {
        if (metadata(table) != null) {
            call("DELETE", URI.create(tablesPath + encode(table) + "?purgeRequested=true"), null);
        }
        created.remove(table);
        head.reset();
    }

    /** The catalog runs in the benchmark's JVM, whose CPU is reported as that JVM's. */
    @Override
    public OptionalLong serverPid() {
        return OptionalLong.empty();
    }

    /** The catalog's client properties. */
    public Map<String, String> catalogProperties() {
        return catalogProperties;
    }

    /** The run's namespace. */
    public String namespace() {
        return namespace;
    }

    /** How the sink keys its progress property (sink-iceberg/README.md "Where the state lives"). */
    static String progressKey(String connector) {
        return "amp.sink." + URLEncoder.encode(connector, StandardCharsets.UTF_8).replace(".", "%2E") + ".progress";
    }

    /** The table's current metadata, or null while it does not exist (the namespace's list says so: no error logged). */
    private JsonNode metadata(String table) {
        if (!created.contains(table)) {
            for (JsonNode listed : call("GET", URI.create(tablesPath.substring(0, tablesPath.length() - 1)), null).path("identifiers")) {
                created.add(listed.path("name").asText());
            }
            if (!created.contains(table)) {
                return null;
            }
        }
        JsonNode loaded = call("GET", URI.create(tablesPath + encode(table)), null);
        return loaded == null ? null : loaded.path("metadata");
    }

    /** One REST call; null on 404, the JSON answer (or an empty node) otherwise. */
    private JsonNode call(String method, URI uri, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return null;
            }
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + uri + ": HTTP " + response.statusCode() + " " + response.body());
            }
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the Iceberg REST catalog at " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted calling " + uri, e);
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
