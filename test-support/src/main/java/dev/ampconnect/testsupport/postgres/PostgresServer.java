package dev.ampconnect.testsupport.postgres;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ampconnect.testsupport.TestService;
import dev.ampconnect.testsupport.TestNames;

/**
 * A running PostgreSQL server that tests may create databases in: either one this JVM started
 * (embedded binaries, stopped on {@link #close()}) or one named by {@code AMP_TEST_PG_URL}, which is
 * left running. Tests normally do not touch it directly but receive a fresh {@link PostgresDatabase}
 * per class from {@link PostgresExtension}.
 */
public final class PostgresServer implements TestService {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
    /** PostgreSQL truncates identifiers beyond 63 bytes; keep generated names well inside that. */

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String adminDatabase;
    private final String origin;
    private final AutoCloseable ownedProcess;
    private volatile boolean closed;

    /**
     * @param adminDatabase an existing database to connect to for {@code CREATE DATABASE}
     * @param origin        how this server was obtained, for logs
     * @param ownedProcess  what to stop on {@link #close()}, or {@code null} when the server is not ours
     */
    PostgresServer(String host, int port, String user, String password, String adminDatabase, String origin,
                   AutoCloseable ownedProcess) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.adminDatabase = adminDatabase;
        this.origin = origin;
        this.ownedProcess = ownedProcess;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** A role allowed to create databases. */
    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** The JDBC URL of {@code database} on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public URI endpoint() {
        return URI.create(jdbcUrl(adminDatabase));
    }

    @Override
    public String origin() {
        return origin;
    }

    /** The server's version string, e.g. {@code 18.6}. */
    public String serverVersion() {
        try (Connection connection = connectAdmin();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read server_version of " + endpoint() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates an empty database whose name starts with {@code amp_} and {@code label} (sanitised to
     * lower-case letters, digits and underscores) and ends with a random suffix, so classes, reruns and
     * parallel CI jobs sharing an external server never collide. Closing the returned handle drops it.
     */
    public PostgresDatabase createDatabase(String label) {
        String name = TestNames.unique(label);
        try (Connection connection = connectAdmin(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + quote(name));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on " + endpoint()
                    + " as " + user + " (" + origin + "): " + e.getMessage(), e);
        }
        return new PostgresDatabase(this, name);
    }

    /** Drops {@code database}, disconnecting anything still connected to it. */
    void dropDatabase(String database) {
        try (Connection connection = connectAdmin(); Statement statement = connection.createStatement()) {
            // WITH (FORCE): a Connect task may still hold a connection when the class ends
            statement.execute("DROP DATABASE IF EXISTS " + quote(database) + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop database " + database + " on " + endpoint() + ": "
                    + e.getMessage(), e);
        }
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    private Connection connectAdmin() throws SQLException {
        return connect(adminDatabase);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ownedProcess != null) {
            try {
                ownedProcess.close();
            } catch (Exception e) {
                LOG.warn("could not stop {} on port {}", origin, port, e);
            }
        }
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public String toString() {
        return "PostgresServer[" + origin + " at " + host + ":" + port + "]";
    }
}
