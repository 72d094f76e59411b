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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's connection to one ClickHouse database over client-v2 (HTTP): statements with bound query
 * parameters ({@code {name:Type}}), never spliced values, and settings passed per statement. Compression is
 * off both ways: the chdb test engine does not speak ClickHouse's compressed framing, and the bulk data
 * (RowBinary) travels on loopback or a LAN where CPU, not bandwidth, bounds an insert.
 */
final class ChClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChClient.class);
    private static final long TIMEOUT_SECONDS = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Client client;
    private final String database;
    private final ChRequestStats stats = new ChRequestStats();

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

    /** The requests this client sent so far (and the units committed through it). */
    ChRequestStats stats() {
        return stats;
    }

    /** Runs a statement that returns no rows (DDL, ALTER, DELETE) with bound parameters and settings. */
    void execute(String sql, Map<String, Object> parameters, Map<String, String> settings) {
        CommandSettings commandSettings = new CommandSettings();
        commandSettings.setDatabase(database);
        settings.forEach(commandSettings::serverSetting);
        long started = System.nanoTime();
        try (var response = await(client.execute(sql, parameters, commandSettings), sql)) {
            // the response carries only the summary; closing releases the connection
        } catch (Exception e) {
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(sql + ": cannot release the response: " + e, e);
        } finally {
            done(kind(sql), started);
        }
    }

    /** Runs a query with bound parameters and returns all its rows (small results: catalogue lookups). */
    List<GenericRecord> query(String sql, Map<String, Object> parameters) {
        QuerySettings settings = new QuerySettings();
        settings.setDatabase(database);
        long started = System.nanoTime();
        try {
            return client.queryAll(sql, parameters, settings);
        } finally {
            done(kind(sql), started);
        }
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
        long started = System.nanoTime();
        try (QueryResponse response = await(client.query(sql, parameters, settings), sql);
             MappingIterator<JsonNode> rows = JSON.readerFor(JsonNode.class).readValues(response.getInputStream())) {
            return rows.readAll();
        } catch (IOException e) {
            throw new UncheckedIOException(sql + ": unreadable JSON rows", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(sql + ": cannot release the response: " + e, e);
        } finally {
            done(kind(sql), started);
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
        long started = System.nanoTime();
        try {
            InsertResponse response = await(client.insert(ChIdentifiers.quote(table), writer, format, insertSettings),
                    "INSERT INTO " + table);
            release(response, table);
            return response;
        } finally {
            done(insertKind(table), started);
        }
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
        long started = System.nanoTime();
        try {
            InsertResponse response = await(client.insert(ChIdentifiers.quote(table), quoted, writer, format,
                    insertSettings), "INSERT INTO " + table);
            release(response, table);
            return response;
        } finally {
            done(insertKind(table), started);
        }
    }

    private static void release(InsertResponse response, String table) {
        try {
            response.close();
        } catch (Exception e) {
            throw new IllegalStateException("INSERT INTO " + table + ": cannot release the response: " + e, e);
        }
    }

    /** Counts a finished request (failed ones too) and logs it at DEBUG. */
    private void done(String kind, long startedNanos) {
        long nanos = System.nanoTime() - startedNanos;
        stats.record(kind, nanos);
        if (LOG.isDebugEnabled()) {
            LOG.debug("ClickHouse request {}: {} ms", kind, String.format("%.1f", nanos / 1e6));
        }
    }

    /** A statement's kind for {@link ChRequestStats}: its first keyword, and whether it is about the sink's log. */
    private static String kind(String sql) {
        String trimmed = sql.stripLeading();
        int end = 0;
        while (end < trimmed.length() && Character.isLetter(trimmed.charAt(end))) {
            end++;
        }
        String keyword = trimmed.substring(0, end).toUpperCase(java.util.Locale.ROOT);
        return sql.contains(ChStateLog.LOG) ? keyword + " " + ChStateLog.LOG : keyword;
    }

    private static String insertKind(String table) {
        return table.equals(ChStateLog.LOG) ? "INSERT " + ChStateLog.LOG : "INSERT data";
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
