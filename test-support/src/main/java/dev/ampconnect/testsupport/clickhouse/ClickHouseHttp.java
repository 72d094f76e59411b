package dev.ampconnect.testsupport.clickhouse;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The few HTTP calls test-support itself makes to a ClickHouse server (ping, DDL, small queries to set up
 * and check scenarios), with the JDK's HTTP client so test-support needs no ClickHouse driver. Tests of a
 * ClickHouse store use the store's own client against {@link ClickHouseDatabase#url()}.
 */
public final class ClickHouseHttp {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final URI endpoint;
    private final String authorization;
    private final HttpClient client;

    /**
     * @param endpoint {@code http://host:port} (no path, no credentials)
     * @param user     user, or {@code null} for the server's default user
     * @param password password of {@code user}, may be {@code null}
     */
    public ClickHouseHttp(URI endpoint, String user, String password) {
        this.endpoint = endpoint;
        this.authorization = user == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Whether {@code GET /ping} answers {@code Ok.} within {@code timeout}. */
    public boolean ping(Duration timeout) {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(endpoint.resolve("/ping"))
                    .timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().startsWith("Ok.");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Runs one statement and returns its output as text (TabSeparated unless the statement names a
     * FORMAT).
     *
     * @param database  the database the statement runs in, or {@code null} for the server default
     * @param settings  settings for this statement only (URL parameters)
     * @throws ClickHouseHttpException carrying the server's error code and message
     */
    public String query(String database, String sql, Map<String, String> settings) {
        Map<String, String> parameters = new LinkedHashMap<>(settings);
        if (database != null) {
            parameters.put("database", database);
        }
        StringBuilder uri = new StringBuilder(endpoint.resolve("/").toString()).append('?');
        parameters.forEach((name, value) -> uri.append(encode(name)).append('=').append(encode(value)).append('&'));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri.substring(0, uri.length() - 1)))
                .timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ClickHouseHttpException(0, "cannot reach ClickHouse at " + endpoint + ": " + e, sql, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClickHouseHttpException(0, "interrupted while waiting for ClickHouse at " + endpoint, sql, e);
        }
        if (response.statusCode() != 200) {
            Optional<String> code = response.headers().firstValue("X-ClickHouse-Exception-Code");
            throw new ClickHouseHttpException(code.map(Integer::parseInt).orElse(0),
                    "HTTP " + response.statusCode() + " from " + endpoint + ": " + response.body().trim(), sql, null);
        }
        return response.body();
    }

    /** The endpoint this client talks to. */
    public URI endpoint() {
        return endpoint;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** A statement ClickHouse refused, or a server that could not be reached ({@link #code()} 0). */
    public static final class ClickHouseHttpException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int code;

        ClickHouseHttpException(int code, String message, String sql, Throwable cause) {
            super(message + "\n  statement: " + sql, cause);
            this.code = code;
        }

        /** ClickHouse's error code (e.g. 60 for an unknown table), or 0 when none was returned. */
        public int code() {
            return code;
        }
    }
}
