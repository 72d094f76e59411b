package dev.ampconnect.testsupport.redis;

import java.net.URI;

import redis.clients.jedis.Jedis;

import dev.ampconnect.testsupport.TestService;

/**
 * A running Redis server tests may use: either a {@code redis-server} this JVM started (stopped on
 * {@link #close()}) or the endpoint in {@code AMP_TEST_REDIS_URL}, which is left running. Test classes
 * receive a flushed {@link RedisDatabase} on it from {@link RedisExtension}.
 */
public final class RedisServer implements TestService {

    private final URI uri;
    private final String origin;
    private final RedisProcess ownedProcess;
    private volatile boolean closed;

    /**
     * @param uri          {@code redis://[user:password@]host:port[/db]}
     * @param ownedProcess what to stop on {@link #close()}, or {@code null} for an external server
     */
    RedisServer(URI uri, String origin, RedisProcess ownedProcess) {
        this.uri = uri;
        this.origin = origin;
        this.ownedProcess = ownedProcess;
    }

    public String host() {
        return uri.getHost();
    }

    public int port() {
        return uri.getPort();
    }

    /** The logical database tests use: the URL's path for an external server, else 0. */
    public int database() {
        String path = uri.getPath();
        return path == null || path.length() <= 1 ? 0 : Integer.parseInt(path.substring(1));
    }

    /** Whether this JVM started the server (and so may flush all of it). */
    public boolean owned() {
        return ownedProcess != null;
    }

    /** A new client on {@link #database()}; the caller closes it. */
    public Jedis connect() {
        return new Jedis(uri);
    }

    /**
     * Empties what tests may use: the whole server if this JVM started it, otherwise only
     * {@link #database()}, so a shared external server's other databases survive.
     */
    public void flush() {
        try (Jedis client = connect()) {
            if (owned()) {
                client.flushAll();
            } else {
                client.flushDB();
            }
        }
    }

    /** The server's version, from {@code INFO server}. */
    public String serverVersion() {
        try (Jedis client = connect()) {
            return versionOf(client);
        }
    }

    static String versionOf(Jedis client) {
        return client.info("server").lines()
                .filter(line -> line.startsWith("redis_version:"))
                .map(line -> line.substring("redis_version:".length()).trim())
                .findFirst().orElse("unknown");
    }

    @Override
    public String name() {
        return "redis";
    }

    /** {@code redis://host:port/db} without credentials, safe to log. */
    @Override
    public URI endpoint() {
        return URI.create("redis://" + host() + ":" + port() + "/" + database());
    }

    /** The full URI clients use, including credentials when the environment gave some: do not log it. */
    public URI uri() {
        return uri;
    }

    @Override
    public String origin() {
        return origin;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ownedProcess != null) {
            ownedProcess.close();
        }
    }

    @Override
    public String toString() {
        return "RedisServer[" + origin + " at " + host() + ":" + port() + "]";
    }
}
