package dev.ampconnect.testsupport.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ampconnect.testsupport.ExitCleanup;
import dev.ampconnect.testsupport.FreePort;
import dev.ampconnect.testsupport.process.ChildProcesses;

/**
 * An embedded PostgreSQL server of its own (never the JVM's shared one, never {@code AMP_TEST_PG_URL}) that a
 * test can {@link #stop()} and {@link #start()} again: same port, same data directory, so clients configured
 * with its URL see a database outage and then the same data back, as after a real database restart.
 *
 * <pre>{@code
 * try (RestartablePostgres pg = RestartablePostgres.start(workDir.resolve("pg"))) {
 *     PostgresDatabase db = pg.server().createDatabase("outage");
 *     ...                      // point a sink at db.jdbcUrl()
 *     pg.stop();               // connections drop, new ones are refused
 *     pg.start();              // back on the same port with every committed row
 * }
 * }</pre>
 *
 * <p>zonky's {@link EmbeddedPostgres} runs {@code initdb} only when the data directory holds no
 * {@code postgresql.conf} and deletes the directory on close only with {@code cleanDataDirectory}; with a fixed
 * directory, a fixed port and cleaning off, closing and building it again is a stop and a restart.
 */
public final class RestartablePostgres implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RestartablePostgres.class);

    private final Path dataDirectory;
    private final int port;
    private final PostgresServer server;
    private final ExitCleanup.Registration cleanup;
    private EmbeddedPostgres process;
    private Duration lastStart = Duration.ZERO;
    private boolean closed;

    private RestartablePostgres(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.server = new PostgresServer("localhost", port, PostgresServers.EMBEDDED_USER,
                PostgresServers.EMBEDDED_PASSWORD, "postgres", "restartable embedded PostgreSQL (zonky) in "
                + dataDirectory, this::close);
        this.cleanup = ExitCleanup.register("restartable PostgreSQL on port " + port, this::close);
    }

    /**
     * Starts a fresh server on a free port with its data in {@code dataDirectory} (emptied first: a directory
     * left by an earlier run must not leak its databases into this one).
     */
    public static RestartablePostgres start(Path dataDirectory) {
        ChildProcesses.delete(dataDirectory);
        RestartablePostgres postgres = new RestartablePostgres(dataDirectory, FreePort.pick());
        try {
            postgres.start();
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
        return postgres;
    }

    /** The server: host, port, credentials, {@link PostgresServer#createDatabase(String)}. Stable across restarts. */
    public PostgresServer server() {
        return server;
    }

    public int port() {
        return port;
    }

    /** Whether the server is running (between {@link #start()} and {@link #stop()}). */
    public synchronized boolean isRunning() {
        return process != null;
    }

    /** How long the last (re)start took until the server accepted connections. */
    public synchronized Duration lastStartDuration() {
        return lastStart;
    }

    /**
     * Starts the server on its port over its data directory and returns once it accepts connections.
     *
     * @throws IllegalStateException when it is running already, or closed
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("closed: " + this);
        }
        if (process != null) {
            throw new IllegalStateException("already running: " + this);
        }
        long began = System.nanoTime();
        try {
            process = PostgresServers.embeddedBuilder()
                    .setPort(port)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    // ExitCleanup stops it at JVM exit; zonky's own hook would add a closer thread per restart
                    .setRegisterShutdownHook(false)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL on port " + port + " over " + dataDirectory
                    + " (was the port taken while it was down?)", e);
        }
        lastStart = Duration.ofNanos(System.nanoTime() - began);
        try (Connection probe = process.getPostgresDatabase().getConnection()) {
            probe.isValid(5);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL on port " + port + " started but refuses connections", e);
        }
        LOG.info("PostgreSQL up on port {} over {} in {} ms", port, dataDirectory, lastStart.toMillis());
    }

    /**
     * Stops the server ({@code pg_ctl stop -m fast}: open sessions are terminated, committed data stays) and
     * returns once it is down. Idempotent.
     */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        try {
            process.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop PostgreSQL on port " + port, e);
        } finally {
            process = null;
        }
        LOG.info("PostgreSQL on port {} stopped; data kept in {}", port, dataDirectory);
    }

    /** Stops the server and deletes its data directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            cleanup.cancel();
            ChildProcesses.delete(dataDirectory);
        }
    }

    @Override
    public String toString() {
        return "RestartablePostgres[port " + port + ", " + dataDirectory + (isRunning() ? ", running" : ", stopped")
                + "]";
    }
}
