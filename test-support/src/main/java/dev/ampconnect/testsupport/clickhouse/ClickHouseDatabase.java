package dev.ampconnect.testsupport.clickhouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One empty ClickHouse database of its own for a test class: where to connect (what a ClickHouse client or
 * a sink connector's config needs) and a driver-free way to run SQL to set up and check scenarios.
 * Closing it drops the database.
 */
public final class ClickHouseDatabase implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClickHouseServer server;
    private final String name;
    private volatile boolean dropped;

    ClickHouseDatabase(ClickHouseServer server, String name) {
        this.server = server;
        this.name = name;
    }

    /** The database name, e.g. {@code amp_clickhouse_store_it_1a2b3c4d}. */
    public String name() {
        return name;
    }

    /** {@code http://host:port} of the server, without credentials. */
    public String url() {
        return server.endpoint().toString();
    }

    /** The user to connect as, or {@code null} for the server's default user. */
    public String user() {
        return server.user();
    }

    /** Password of {@link #user()}, or {@code null}. */
    public String password() {
        return server.password();
    }

    public ClickHouseServer server() {
        return server;
    }

    /** Runs one statement in this database (DDL, INSERT ... VALUES, ALTER). */
    public void execute(String sql) {
        server.http().query(name, sql, Map.of());
    }

    /** Runs one statement in this database with settings for it alone (URL parameters). */
    public void execute(String sql, Map<String, String> settings) {
        server.http().query(name, sql, settings);
    }

    /**
     * Runs a query and returns every row as a column-name-to-value map in column order, every value as
     * text ({@code null} for NULL): numbers in ClickHouse's JSON spelling, strings as they are, arrays,
     * tuples and maps as their JSON text. The same on every server whatever its JSON output settings;
     * format values in SQL (e.g. {@code hex(col)}) to compare binary ones.
     */
    public List<Map<String, String>> query(String sql) {
        String output = server.http().query(name, sql + "\nFORMAT JSON", Map.of());
        try {
            JsonNode rows = JSON.readTree(output).get("data");
            List<Map<String, String>> result = new ArrayList<>();
            for (JsonNode row : rows) {
                Map<String, String> values = new LinkedHashMap<>();
                row.fields().forEachRemaining(field -> values.put(field.getKey(), text(field.getValue())));
                result.add(values);
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the JSON output of: " + sql, e);
        }
    }

    private static String text(JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    /** Runs a query that returns one value and gives it as text (TabSeparated, unescaped for plain values). */
    public String queryValue(String sql) {
        String output = server.http().query(name, sql, Map.of());
        if (output.isEmpty()) {
            throw new IllegalStateException("expected one row, got none, in database " + name + ": " + sql);
        }
        String trimmed = output.endsWith("\n") ? output.substring(0, output.length() - 1) : output;
        if (trimmed.contains("\n")) {
            throw new IllegalStateException("expected one row, got several, in database " + name + ": " + sql);
        }
        return trimmed;
    }

    /** {@code SELECT count() FROM table} in this database. */
    public long count(String table) {
        return Long.parseLong(queryValue("SELECT count() FROM " + ClickHouseServer.quote(table)));
    }

    /** Drops the database. Idempotent. */
    @Override
    public void close() {
        if (dropped) {
            return;
        }
        dropped = true;
        server.dropDatabase(name);
    }

    @Override
    public String toString() {
        return "ClickHouseDatabase[" + name + " at " + server.endpoint() + "]";
    }
}
