package dev.ampconnect.testsupport.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One empty PostgreSQL database of its own for a test class: its coordinates (what a sink connector's
 * config needs) and a {@code psql}-free way to run SQL and read results. Closing it drops the database.
 *
 * <p>The SQL methods are for setting up and checking scenarios; each opens and closes its own
 * connection. Parameters are bound with {@link PreparedStatement#setObject(int, Object)}.
 */
public final class PostgresDatabase implements AutoCloseable {

    private final PostgresServer server;
    private final String name;
    private volatile boolean dropped;

    PostgresDatabase(PostgresServer server, String name) {
        this.server = server;
        this.name = name;
    }

    /** The database name, e.g. {@code amp_pg_sink_it_1a2b3c4d}. */
    public String name() {
        return name;
    }

    /** {@code jdbc:postgresql://host:port/name}, without credentials. */
    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    public String host() {
        return server.host();
    }

    public int port() {
        return server.port();
    }

    /** A role that owns this database (may create schemas and tables in it). */
    public String user() {
        return server.user();
    }

    public String password() {
        return server.password();
    }

    /** The server this database lives on, e.g. to create a second database. */
    public PostgresServer server() {
        return server;
    }

    /** A new connection to this database; the caller closes it. */
    public Connection connect() throws SQLException {
        return server.connect(name);
    }

    /** Runs one or more {@code ;}-separated statements that return no rows (DDL, scripts). */
    public void execute(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    /** Runs one INSERT/UPDATE/DELETE with bound parameters and returns the affected row count. */
    public int update(String sql, Object... parameters) {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    /**
     * Runs a query and returns every row as a column-label-to-value map in column order, values as
     * the driver's {@code getObject} gives them ({@code Long} for bigint, {@code BigDecimal} for
     * numeric, {@code byte[]} for bytea, ...).
     */
    public List<Map<String, Object>> query(String sql, Object... parameters) {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            return rows(statement);
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    private static List<Map<String, Object>> rows(PreparedStatement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery()) {
            ResultSetMetaData meta = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int column = 1; column <= meta.getColumnCount(); column++) {
                    row.put(meta.getColumnLabel(column), rs.getObject(column));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /**
     * Runs a query that must return exactly one row and returns its first column converted to
     * {@code type} by the driver (e.g. {@code Long.class} for {@code count(*)}).
     */
    public <T> T queryValue(String sql, Class<T> type, Object... parameters) {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            return singleValue(statement, type, sql);
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    private <T> T singleValue(PreparedStatement statement, Class<T> type, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("expected one row, got none, in database " + name + ": " + sql);
            }
            T value = rs.getObject(1, type);
            if (rs.next()) {
                throw new IllegalStateException("expected one row, got several, in database " + name + ": " + sql);
            }
            return value;
        }
    }

    /** Drops the database (also disconnecting leftover sessions). Idempotent. */
    @Override
    public void close() {
        if (dropped) {
            return;
        }
        dropped = true;
        server.dropDatabase(name);
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }

    private IllegalStateException failure(String sql, SQLException e) {
        return new IllegalStateException("SQL failed in database " + name + " at " + host() + ":" + port()
                + " [" + e.getSQLState() + "]: " + e.getMessage() + "\n  statement: " + sql, e);
    }

    @Override
    public String toString() {
        return "PostgresDatabase[" + jdbcUrl() + "]";
    }
}
