package dev.ampconnect.sink.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.DataStreamWriter;
import com.clickhouse.client.api.command.CommandSettings;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.GenericRecord;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The sink's connection to one ClickHouse database over client-v2 (HTTP): statements with bound query
 * parameters ({@code {name:Type}}), never spliced values, and settings passed per statement. Compression is
 * off both ways: the chdb test engine does not speak ClickHouse's compressed framing, and the bulk data
 * (RowBinary) travels on loopback or a LAN where CPU, not bandwidth, bounds an insert.
 */
final class ChClient implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Client client;
    private final String database;

    private ChClient(Client client, String database) {
        this.client = client;
        this.database = database;
    }

    /**
     * @param url      {@code http://host:8123} (or https)
     * @param user     user, or {@code null} for {@code default}
     * @param password password of {@code user}, may be {@code null}
     * @param database the database every statement runs in
     */
    static ChClient connect(String url, String user, String password, String database) {
        Client client = new Client.Builder()
                .addEndpoint(url)
                .setUsername(user == null ? "default" : user)
                .setPassword(password == null ? "" : password)
                .setDefaultDatabase(database)
                .compressServerResponse(false)
                .compressClientRequest(false)
                .build();
        return new ChClient(client, database);
    }

    /** Whether the server answers {@code /ping} within {@code timeoutMillis}. */
    boolean ping(long timeoutMillis) {
        return client.ping(timeoutMillis);
    }

    /** The database statements run in. */
    String database() {
        return database;
    }

    /** Runs a statement that returns no rows (DDL, ALTER, DELETE) with bound parameters and settings. */
    void execute(String sql, Map<String, Object> parameters, Map<String, String> settings) {
        CommandSettings commandSettings = new CommandSettings();
        commandSettings.setDatabase(database);
        settings.forEach(commandSettings::serverSetting);
        try (var response = await(client.execute(sql, parameters, commandSettings), sql)) {
            // the response carries only the summary; closing releases the connection
        } catch (Exception e) {
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(sql + ": cannot release the response: " + e, e);
        }
    }

    /** Runs a query with bound parameters and returns all its rows (small results: catalogue lookups). */
    List<GenericRecord> query(String sql, Map<String, Object> parameters) {
        QuerySettings settings = new QuerySettings();
        settings.setDatabase(database);
        return client.queryAll(sql, parameters, settings);
    }

    /**
     * Runs a query with bound parameters and returns its rows as JSON objects ({@code JSONEachRow}; 64-bit integers
     * as JSON numbers), for reads of the sink's own tables, whose nullable, array and map columns it keeps exact.
     */
    List<JsonNode> queryJson(String sql, Map<String, Object> parameters) {
        QuerySettings settings = new QuerySettings();
        settings.setDatabase(database);
        settings.setFormat(ClickHouseFormat.JSONEachRow);
        settings.serverSetting("output_format_json_quote_64bit_integers", "0");
        settings.serverSetting("output_format_json_quote_decimals", "0");
        try (QueryResponse response = await(client.query(sql, parameters, settings), sql);
             MappingIterator<JsonNode> rows = JSON.readerFor(JsonNode.class).readValues(response.getInputStream())) {
            return rows.readAll();
        } catch (IOException e) {
            throw new UncheckedIOException(sql + ": unreadable JSON rows", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(sql + ": cannot release the response: " + e, e);
        }
    }

    /**
     * Inserts the rows {@code writer} streams, in {@code format} (naming the columns itself, e.g.
     * {@code JSONEachRow}; columns it leaves out take their defaults), into {@code table} as one INSERT.
     *
     * @return the server's summary of the insert
     */
    InsertResponse insert(String table, DataStreamWriter writer, ClickHouseFormat format, Map<String, String> settings) {
        InsertSettings insertSettings = new InsertSettings();
        insertSettings.setDatabase(database);
        insertSettings.compressClientRequest(false);
        settings.forEach(insertSettings::serverSetting);
        InsertResponse response = await(client.insert(ChIdentifiers.quote(table), writer, format, insertSettings),
                "INSERT INTO " + table);
        try {
            response.close();
        } catch (Exception e) {
            throw new IllegalStateException("INSERT INTO " + table + ": cannot release the response: " + e, e);
        }
        return response;
    }

    /**
     * Inserts the rows {@code writer} streams, in {@code format}, into {@code columns} of {@code table}, as one
     * INSERT with {@code settings} (URL parameters, e.g. {@code insert_deduplication_token}).
     *
     * @return the server's summary of the insert ({@code written_rows} etc. from {@code X-ClickHouse-Summary})
     */
    InsertResponse insert(String table, List<String> columns, DataStreamWriter writer, ClickHouseFormat format,
                          Map<String, String> settings) {
        InsertSettings insertSettings = new InsertSettings();
        insertSettings.setDatabase(database);
        insertSettings.compressClientRequest(false);
        settings.forEach(insertSettings::serverSetting);
        List<String> quoted = columns.stream().map(ChIdentifiers::quote).toList();
        InsertResponse response = await(client.insert(ChIdentifiers.quote(table), quoted, writer, format, insertSettings),
                "INSERT INTO " + table);
        try {
            response.close();
        } catch (Exception e) {
            throw new IllegalStateException("INSERT INTO " + table + ": cannot release the response: " + e, e);
        }
        return response;
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future, String what) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(what + " failed: " + cause, cause);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new IllegalStateException(what + " did not finish within " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + what, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
