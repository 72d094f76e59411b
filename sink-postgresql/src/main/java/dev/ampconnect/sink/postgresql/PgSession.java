package dev.ampconnect.sink.postgresql;

import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's one connection (auto-commit off): opened on first use, closed after a connection failure, rolled back
 * (with the catalog's cached DDL forgotten) whenever a transaction does not commit.
 */
final class PgSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PgSession.class);

    /** Work inside a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final PgConnectionSource connections;
    private final PgTableCatalog catalog;
    private Connection connection;

    PgSession(PgConnectionSource connections, PgTableCatalog catalog) {
        this.connections = connections;
        this.catalog = catalog;
    }

    /** Runs {@code work} in one transaction; any failure rolls everything back. */
    <T> T inTransaction(String what, String table, Work<T> work) {
        Connection current = connection();
        try {
            T result = work.run(current);
            current.commit();
            return result;
        } catch (SQLException e) {
            failed(e);
            throw PgErrors.of(e, table, what);
        } catch (RuntimeException | Error e) {
            rollback();
            throw e;
        }
    }

    /** The connection, opened when needed. */
    Connection connection() {
        if (connection == null) {
            try {
                connection = connections.open();
            } catch (SQLException e) {
                throw PgErrors.of(e, null, "connecting to PostgreSQL");
            }
        }
        return connection;
    }

    /** Rolls back after {@code e}, dropping the connection when it is broken. */
    void failed(SQLException e) {
        rollback();
        if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
            closeConnection();
        }
    }

    void commit() throws SQLException {
        connection().commit();
    }

    void rollback() {
        catalog.reset();
        if (connection == null) {
            return;
        }
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.warn("Rollback failed ({}); reconnecting", e.getMessage());
            closeConnection();
        }
    }

    private void closeConnection() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            LOG.debug("Closing the connection failed: {}", e.getMessage());
        } finally {
            connection = null;
        }
    }

    @Override
    public void close() {
        closeConnection();
    }
}
