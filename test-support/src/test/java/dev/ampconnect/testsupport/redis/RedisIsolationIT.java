package dev.ampconnect.testsupport.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * Runs in the same JVM and on the same server as {@link RedisDatabaseIT}, in either order: whichever
 * runs second would see the other's keys if the keyspace were not flushed between classes.
 */
class RedisIsolationIT {

    static final String PROBE_KEY = "isolation-probe";

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    @Test
    void eachClassStartsWithAFlushedKeyspace() {
        try (Jedis client = REDIS.database().connect()) {
            assertEquals(0L, client.dbSize());

            client.set(PROBE_KEY, getClass().getSimpleName());

            assertEquals(getClass().getSimpleName(), client.get(PROBE_KEY));
        }
    }
}
