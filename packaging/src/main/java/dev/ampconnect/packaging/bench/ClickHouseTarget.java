package dev.ampconnect.packaging.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The ClickHouse sink's store: progress from the sink's {@code amp_sink_progress} view (sink-clickhouse/README.md
 * "State": a batch is complete there once the commit marker of its unit landed, one block of one INSERT, after its
 * rows), read over plain HTTP at most every {@value #POLL_MILLIS} ms ({@link ThrottledHead}).
 */
public final class ClickHouseTarget implements SinkTarget {

    /** The sink connector class (as in the zip's sample config). */
    public static final String CONNECTOR_CLASS = "dev.ampconnect.sink.clickhouse.AmpClickHouseSinkConnector";
    private static final long POLL_MILLIS = 20;

    private final ClickHouseHttpCalls http;
    private final OptionalLong serverPid;
    private final ThrottledHead head = new ThrottledHead(POLL_MILLIS);
    private volatile boolean stateExists;

    /**
     * @param http      the sink's database on the server
     * @param serverPid the server's process, when it runs on this machine (the chdb front end: {@link #childListening})
     */
    public ClickHouseTarget(ClickHouseHttpCalls http, OptionalLong serverPid) {
        this.http = http;
        this.serverPid = serverPid;
    }

    @Override
    public String name() {
        return "clickhouse";
    }

    @Override
    public Map<String, String> sinkSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("connector.class", CONNECTOR_CLASS);
        settings.put("ch.url", http.endpoint().toString());
        if (http.user() != null) {
            settings.put("ch.user", http.user());
        }
        if (http.password() != null && !http.password().isEmpty()) {
            settings.put("ch.password", http.password());
        }
        settings.put("ch.database", http.database());
        return settings;
    }

    /** The sample's {@code ch.user}/{@code ch.password} ({@code default}) go: a server without users has neither. */
    @Override
    public boolean replacesSampleKey(String key) {
        return key.equals("ch.user") || key.equals("ch.password");
    }

    @Override
    public OptionalLong visibleHead(String connector, String table) {
        return head.get(connector + "/" + table, () -> readHead(connector, table));
    }

    private OptionalLong readHead(String connector, String table) {
        if (!stateExists) {
            stateExists = !http.text("SELECT name FROM system.tables WHERE database = currentDatabase()"
                    + " AND name = 'amp_sink_progress'", Map.of()).isBlank();
            if (!stateExists) {
                return OptionalLong.empty();
            }
        }
        String blocks = http.text("SELECT last_complete_block FROM amp_sink_progress"
                + " WHERE connector = {connector:String} AND table_name = {table:String}",
                Map.of("connector", connector, "table", table));
        return blocks.lines().filter(line -> !line.isBlank()).mapToLong(Long::parseLong).max();
    }

    @Override
    public long rows(String table) {
        return Long.parseLong(http.text("SELECT count() FROM " + ClickHouseHttpCalls.quote(table), Map.of()).trim());
    }

    /** Drops the table and deletes every row the connector wrote to the sink's log (README "Reset": from scratch). */
    @Override
    public void drop(String connector, String table) {
        http.text("DROP TABLE IF EXISTS " + ClickHouseHttpCalls.quote(table) + " SYNC", Map.of());
        if (stateExists) {
            http.text("DELETE FROM amp_sink_log WHERE connector = {connector:String} SETTINGS lightweight_deletes_sync = 2",
                    Map.of("connector", connector));
        }
        head.reset();
    }

    @Override
    public OptionalLong serverPid() {
        return serverPid;
    }

    /** The HTTP calls to the sink's database (ceilings). */
    public ClickHouseHttpCalls http() {
        return http;
    }

    /** The columns a client writes into {@code table} (stored ones: no MATERIALIZED or ALIAS), in table order. */
    public List<String> insertableColumns(String table) {
        return http.text("SELECT name FROM system.columns WHERE database = currentDatabase() AND table = {table:String}"
                        + " AND default_kind NOT IN ('MATERIALIZED', 'ALIAS') ORDER BY position", Map.of("table", table))
                .lines().filter(line -> !line.isBlank()).toList();
    }

    /**
     * The process of this JVM's descendants started with {@code --port <port>} (test-support's chdb front end, a
     * {@code node} child of the JVM that started it), if any.
     */
    public static OptionalLong childListening(int port) {
        String wanted = Integer.toString(port);
        return ProcessHandle.current().descendants().filter(process -> {
            String[] arguments = process.info().arguments().orElse(new String[0]);
            for (int i = 0; i + 1 < arguments.length; i++) {
                if (arguments[i].equals("--port") && arguments[i + 1].equals(wanted)) {
                    return true;
                }
            }
            return false;
        }).mapToLong(ProcessHandle::pid).findFirst();
    }
}
