package dev.ampconnect.packaging.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The PostgreSQL sink's store: progress from the sink's {@code amp_sink_progress} view (a batch is complete there
 * in the same transaction that stores its rows), one connection kept open for polling.
 */
public final class PostgresTarget implements SinkTarget, AutoCloseable {

    /** The sink connector class (as in the zip's sample config). */
    public static final String CONNECTOR_CLASS = "dev.ampconnect.sink.postgresql.AmpPostgresSinkConnector";

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final Connection connection;

    /**
     * @param jdbcUrl  the database ({@code jdbc:postgresql://host:port/db})
     * @param user     the sink's role
     * @param password its password, or null
     */
    public PostgresTarget(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        try {
            this.connection = DriverManager.getConnection(jdbcUrl, user, password == null ? "" : password);
            this.connection.setAutoCommit(true);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + jdbcUrl + " as " + user + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public Map<String, String> sinkSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("connector.class", CONNECTOR_CLASS);
        settings.put("pg.url", jdbcUrl);
        settings.put("pg.user", user);
        if (password != null && !password.isEmpty()) {
            settings.put("pg.password", password);
        }
        settings.put("pg.schema", "public");
        return settings;
    }

    @Override
    public synchronized OptionalLong visibleHead(String connector, String table) {
        try {
            if (!exists("amp_sink_progress")) {
                return OptionalLong.empty();
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT max(last_complete_block) FROM amp_sink_progress WHERE connector = ? AND table_name = ?")) {
                select.setString(1, connector);
                select.setString(2, table);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    long head = rows.getLong(1);
                    return rows.wasNull() ? OptionalLong.empty() : OptionalLong.of(head);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read amp_sink_progress of " + connector + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized long rows(String table) {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + quoted(table))) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count " + table + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void drop(String connector, String table) {
        execute("DROP TABLE IF EXISTS " + quoted(table));
        for (String state : new String[] {"amp_sink_batches", "amp_sink_tables", "amp_sink_offsets"}) {
            if (exists(state)) {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + state + " WHERE connector = ?")) {
                    delete.setString(1, connector);
                    delete.executeUpdate();
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot clear " + state + " of " + connector + ": " + e.getMessage(), e);
                }
            }
        }
        // the next run starts on a quiet server: autovacuum and checkpoints of this run's rows do not land in it
        execute("VACUUM");
        execute("CHECKPOINT");
    }

    /** Runs one SQL statement (benchmarks: ceilings, cleanup). */
    public synchronized void execute(String sql) {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized OptionalLong serverPid() {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT pg_backend_pid()")) {
            rows.next();
            // a backend's parent is the postmaster, whose process tree holds every backend
            return ProcessCpu.parentOf(rows.getLong(1));
        } catch (SQLException e) {
            return OptionalLong.empty();
        }
    }

    /** The JDBC URL. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The role. */
    public String user() {
        return user;
    }

    /** The password, or null. */
    public String password() {
        return password;
    }

    /** The {@code psql} binary next to this machine's PostgreSQL client, if installed. */
    public static java.util.Optional<Path> psql() {
        Path psql = Path.of("/usr/bin/psql");
        return Files.isExecutable(psql) ? java.util.Optional.of(psql) : java.util.Optional.empty();
    }

    private boolean exists(String relation) {
        try (PreparedStatement select = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            select.setString(1, relation);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look up " + relation + ": " + e.getMessage(), e);
        }
    }

    static String quoted(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing a polling connection: nothing left to release
        }
    }
}
