package dev.ampconnect.packaging.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Plain HTTP calls to one database of a ClickHouse server, with the JDK's client (no ClickHouse driver, so what they
 * cost is the engine's and the bytes'): queries with bound parameters ({@code {name:Type}} and {@code param_name}),
 * answers as text or bytes, and the benchmarks' ceiling, a body of ready-made rows POSTed straight into a table.
 */
public final class ClickHouseHttpCalls {

    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final URI endpoint;
    private final String user;
    private final String password;
    private final String database;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param endpoint {@code http://host:port}, without credentials
     * @param user     the user, or null for the server's default
     * @param password its password, or null
     * @param database the database statements run in
     */
    public ClickHouseHttpCalls(URI endpoint, String user, String password, String database) {
        this.endpoint = endpoint;
        this.user = user;
        this.password = password;
        this.database = database;
    }

    /** Runs {@code sql} with {@code parameters} bound to its {@code {name:Type}} placeholders; the answer as text. */
    public String text(String sql, Map<String, String> parameters) {
        return new String(bytes(sql, parameters), StandardCharsets.UTF_8);
    }

    /** Runs {@code sql} with {@code parameters} bound to its {@code {name:Type}} placeholders; the answer's bytes. */
    public byte[] bytes(String sql, Map<String, String> parameters) {
        Map<String, String> url = new LinkedHashMap<>();
        parameters.forEach((name, value) -> url.put("param_" + name, value));
        return send(url, HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8), sql);
    }

    /**
     * POSTs {@code body}, rows of {@code columns} in {@code format}, into {@code table} in one synchronous INSERT
     * ({@code async_insert=0}, {@code wait_end_of_query=1}, one block however many rows).
     */
    public void insert(String table, List<String> columns, String format, byte[] body) {
        String query = "INSERT INTO " + quote(table) + " (" + columns.stream().map(ClickHouseHttpCalls::quote)
                .collect(Collectors.joining(", ")) + ") FORMAT " + format;
        Map<String, String> url = new LinkedHashMap<>();
        url.put("query", query);
        url.put("async_insert", "0");
        url.put("wait_end_of_query", "1");
        url.put("max_insert_block_size", Integer.toString(Integer.MAX_VALUE));
        send(url, HttpRequest.BodyPublishers.ofByteArray(body), query);
    }

    private byte[] send(Map<String, String> parameters, HttpRequest.BodyPublisher body, String what) {
        StringBuilder uri = new StringBuilder(endpoint.resolve("/").toString()).append("?database=").append(encode(database));
        parameters.forEach((name, value) -> uri.append('&').append(encode(name)).append('=').append(encode(value)));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri.toString())).timeout(TIMEOUT).POST(body);
        if (user != null) {
            request.header("X-ClickHouse-User", user).header("X-ClickHouse-Key", password == null ? "" : password);
        }
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode() + " from ClickHouse at " + endpoint + ": "
                        + new String(response.body(), StandardCharsets.UTF_8).trim() + "\n  statement: " + what);
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach ClickHouse at " + endpoint + ": " + e + "\n  statement: " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for ClickHouse at " + endpoint, e);
        }
    }

    /** The server, {@code http://host:port}. */
    public URI endpoint() {
        return endpoint;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String database() {
        return database;
    }

    /** A ClickHouse identifier in backquotes. */
    public static String quote(String identifier) {
        return '`' + identifier.replace("\\", "\\\\").replace("`", "\\`") + '`';
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
