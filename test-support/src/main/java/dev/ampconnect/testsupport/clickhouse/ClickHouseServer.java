package dev.ampconnect.testsupport.clickhouse;

import java.net.URI;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ampconnect.testsupport.TestService;
import dev.ampconnect.testsupport.TestNames;

/**
 * A ClickHouse server tests may use over its HTTP interface: the chdb front end this JVM started, a
 * Testcontainers {@code clickhouse-server}, or the server in {@code AMP_TEST_CLICKHOUSE_URL} (left running).
 * Test classes receive a {@link ClickHouseDatabase} of their own on it from {@link ClickHouseExtension}.
 */
public final class ClickHouseServer implements TestService {

    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseServer.class);

    private final URI endpoint;
    private final String user;
    private final String password;
    private final String origin;
    private final boolean chdb;
    private final AutoCloseable owned;
    private final ClickHouseHttp http;
    private volatile boolean closed;

    /**
     * @param endpoint {@code http://host:port}, without credentials
     * @param user     user, or {@code null} for the server's default user
     * @param chdb     whether this is the chdb front end (its limits: test-support/README.md)
     * @param owned    what to stop on {@link #close()}, or {@code null} for an external server
     */
    ClickHouseServer(URI endpoint, String user, String password, String origin, boolean chdb, AutoCloseable owned) {
        this.endpoint = endpoint;
        this.user = user;
        this.password = password;
        this.origin = origin;
        this.chdb = chdb;
        this.owned = owned;
        this.http = new ClickHouseHttp(endpoint, user, password);
    }

    @Override
    public String name() {
        return "clickhouse";
    }

    /** {@code http://host:port}, what a ClickHouse HTTP client connects to; never holds credentials. */
    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public String origin() {
        return origin;
    }

    /** The user to connect as, or {@code null} for the server's default user. */
    public String user() {
        return user;
    }

    /** Password of {@link #user()}, or {@code null}. */
    public String password() {
        return password;
    }

    /**
     * Whether this is the chdb front end rather than a clickhouse-server, for the few tests that must say
     * which features were proven only there (one request at a time, no compression).
     */
    public boolean isChdb() {
        return chdb;
    }

    /** test-support's own HTTP calls to this server. */
    public ClickHouseHttp http() {
        return http;
    }

    /** {@code SELECT version()}. */
    public String serverVersion() {
        return http.query(null, "SELECT version()", Map.of()).trim();
    }

    /**
     * Creates an empty database whose name starts with {@code amp_} and {@code label} (lower-case letters,
     * digits, underscores) and ends with a random suffix, so classes, reruns and CI jobs sharing an
     * external server never collide. Closing the returned handle drops it.
     */
    public ClickHouseDatabase createDatabase(String label) {
        String name = TestNames.unique(label);
        http.query(null, "CREATE DATABASE " + quote(name), Map.of());
        return new ClickHouseDatabase(this, name);
    }

    void dropDatabase(String database) {
        http.query(null, "DROP DATABASE IF EXISTS " + quote(database) + " SYNC", Map.of());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                LOG.warn("could not stop {} at {}", origin, endpoint, e);
            }
        }
    }

    /** A ClickHouse identifier in backquotes. */
    public static String quote(String identifier) {
        return '`' + identifier.replace("\\", "\\\\").replace("`", "\\`") + '`';
    }

    @Override
    public String toString() {
        return "ClickHouseServer[" + origin + " at " + endpoint + "]";
    }
}
