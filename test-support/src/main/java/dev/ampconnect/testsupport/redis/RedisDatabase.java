package dev.ampconnect.testsupport.redis;

import java.net.URI;

import redis.clients.jedis.Jedis;

/**
 * The Redis keyspace a test class uses: a real server, flushed before the class starts and again
 * when it ends, so classes never see each other's keys. Test classes sharing one Redis must not run
 * in parallel (the default for failsafe).
 */
public final class RedisDatabase implements AutoCloseable {

    private final RedisServer server;

    RedisDatabase(RedisServer server) {
        this.server = server;
    }

    public String host() {
        return server.host();
    }

    public int port() {
        return server.port();
    }

    /** The logical database index (0 unless {@code AMP_TEST_REDIS_URL} names another). */
    public int database() {
        return server.database();
    }

    /** {@code redis://[credentials@]host:port/db}, what a connector config needs; may hold a password. */
    public URI uri() {
        return server.uri();
    }

    /** A new client on this database; the caller closes it. */
    public Jedis connect() {
        return server.connect();
    }

    /** Deletes every key tests may have written (see {@link RedisServer#flush()}). */
    public void flush() {
        server.flush();
    }

    public RedisServer server() {
        return server;
    }

    /** Flushes, freeing the keys this class wrote; the shared server keeps running. */
    @Override
    public void close() {
        server.flush();
    }

    @Override
    public String toString() {
        return "RedisDatabase[" + server.endpoint() + "]";
    }
}
