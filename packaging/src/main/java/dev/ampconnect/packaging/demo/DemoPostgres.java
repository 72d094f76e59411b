package dev.ampconnect.packaging.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * An embedded PostgreSQL server (zonky's binaries from Maven Central) holding the demo's database
 * {@code chain}, owned by role {@code amp}: what the PostgreSQL sink writes into and what the user queries.
 * Its data directory is fresh per run (the broker is too, so old sink offsets would not match) and removed
 * when the server stops.
 */
public final class DemoPostgres implements AutoCloseable {

    /** The database the sink writes into. */
    public static final String DATABASE = "chain";
    /** The role the sink connects as (the embedded server trusts local connections; the password is unused). */
    public static final String USER = "amp";
    /** The role's password, for tools that insist on one. */
    public static final String PASSWORD = "amp";

    private final EmbeddedPostgres server;

    private DemoPostgres(EmbeddedPostgres server) {
        this.server = server;
    }

    /** Starts the server on a free port with its data under {@code dataDir} and creates role and database. */
    public static DemoPostgres start(Path dataDir) throws IOException, SQLException {
        EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(true)
                .start();
        DemoPostgres postgres = new DemoPostgres(server);
        try (Connection admin = server.getPostgresDatabase().getConnection();
             Statement sql = admin.createStatement()) {
            sql.execute("CREATE ROLE \"" + USER + "\" LOGIN PASSWORD '" + PASSWORD + "'");
            sql.execute("CREATE DATABASE \"" + DATABASE + "\" OWNER \"" + USER + "\"");
        } catch (SQLException | RuntimeException e) {
            postgres.close();
            throw e;
        }
        return postgres;
    }

    /** The server's port on localhost. */
    public int port() {
        return server.getPort();
    }

    /** {@code jdbc:postgresql://localhost:<port>/chain}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE;
    }

    /** The {@code psql} command line that opens the demo's database. */
    public String psqlCommand() {
        return "psql -h localhost -p " + port() + " -U " + USER + " " + DATABASE;
    }

    /** A new connection to {@code chain} as {@code amp}. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
    }

    /** Stops the server (pg_ctl stop, fast mode) and removes its data directory. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot stop embedded PostgreSQL on port " + port(), e);
        }
    }
}
