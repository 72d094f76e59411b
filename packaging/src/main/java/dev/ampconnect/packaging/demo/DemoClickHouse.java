package dev.ampconnect.packaging.demo;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.ampconnect.testsupport.clickhouse.ClickHouseDatabase;
import dev.ampconnect.testsupport.clickhouse.ClickHouseServer;
import dev.ampconnect.testsupport.clickhouse.ClickHouseServers;

/**
 * The demo's ClickHouse, only when one is at hand without installing anything: test-support's ClickHouse service
 * ({@code AMP_TEST_CLICKHOUSE_URL}, a Docker engine, or the chdb engine the ClickHouse tests installed, behind its
 * HTTP front end run by {@code node}). The ClickHouse sink writes into a database of the demo's own, dropped when
 * the demo stops; the front end, if the demo started it, stops with the demo's JVM.
 */
public final class DemoClickHouse implements AutoCloseable {

    private final ClickHouseDatabase database;

    private DemoClickHouse(ClickHouseDatabase database) {
        this.database = database;
    }

    /** Why the demo runs no ClickHouse sink here, or empty when it can. */
    public static Optional<String> unavailableBecause() {
        return ClickHouseServers.unavailableWithoutInstallBecause();
    }

    /** The shared server (started now if it is the chdb front end) and a fresh database on it. */
    public static DemoClickHouse start() {
        return new DemoClickHouse(ClickHouseServers.shared().createDatabase("demo"));
    }

    /** Where the server comes from, e.g. {@code chdb 25.x front end (...)}. */
    public String origin() {
        return database.server().origin();
    }

    /** The sink's {@code ch.*} connection keys. */
    public Map<String, String> connectorProperties() {
        Map<String, String> keys = new java.util.LinkedHashMap<>();
        keys.put("ch.url", database.url());
        if (database.user() != null) {
            keys.put("ch.user", database.user());
        }
        if (database.password() != null) {
            keys.put("ch.password", database.password());
        }
        keys.put("ch.database", database.name());
        return keys;
    }

    /** The HTTP query a user can run while the demo runs. */
    public String curlCommand(String sql) {
        return "curl -s '" + database.server().endpoint() + "/?database=" + database.name() + "' --data-binary '"
                + sql + "'";
    }

    /**
     * What sink {@code connector} has stored of {@code table} as complete microbatches: its last complete block and
     * the rows up to that batch (the sink's view {@code amp_sink_progress}, sink-clickhouse/README.md "What readers
     * see"); empty before the sink made its state.
     */
    public Optional<TableProgress> progress(String connector, String table) {
        List<Map<String, String>> rows;
        try {
            rows = database.query("SELECT toString(last_complete_block) AS block,"
                    + " toString(last_complete_sequence) AS sequence FROM amp_sink_progress"
                    + " WHERE connector = " + literal(connector) + " AND table_name = " + literal(table));
        } catch (RuntimeException e) {
            return Optional.empty(); // the sink has not created its state yet
        }
        if (rows.size() != 1 || rows.get(0).get("block") == null) {
            return Optional.empty();
        }
        long sequence = Long.parseLong(rows.get(0).get("sequence"));
        long count = Long.parseLong(database.queryValue("SELECT toString(count()) FROM "
                + ClickHouseServer.quote(table) + " WHERE _amp_batch_seq <= " + sequence));
        return Optional.of(new TableProgress(Long.parseLong(rows.get(0).get("block")), count));
    }

    /** A string literal of a name the demo chose (connector or table; never record data). */
    private static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** Drops the demo's database. */
    @Override
    public void close() {
        database.close();
    }
}
