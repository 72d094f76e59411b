package dev.ampconnect.testsupport.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;

class RedisDatabaseIT {

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    private static long keysWhenClassStarted;

    @BeforeAll
    static void countKeysBeforeAnyTestRuns(RedisDatabase redis) {
        try (Jedis client = redis.connect()) {
            keysWhenClassStarted = client.dbSize();
        }
    }

    @Test
    void classStartsWithAnEmptyKeyspace() {
        assertEquals(0L, keysWhenClassStarted);
    }

    @Test
    void setThenGetReturnsTheValue() {
        try (Jedis client = REDIS.database().connect()) {
            client.set("block:1", "0xaa");
            client.hset("block:1:meta", Map.of("network", "anvil", "num", "1"));

            assertEquals("0xaa", client.get("block:1"));
            assertEquals(Map.of("network", "anvil", "num", "1"), client.hgetAll("block:1:meta"));
            assertNull(client.get("block:2"));
        }
        // left in place on purpose: RedisIsolationIT must never see it
        try (Jedis client = REDIS.database().connect()) {
            client.set(RedisIsolationIT.PROBE_KEY, getClass().getSimpleName());
        }
    }

    @Test
    void multiExecAppliesAllCommandsAtomically() {
        try (Jedis client = REDIS.database().connect()) {
            client.set("counter", "10");

            Transaction transaction = client.multi();
            transaction.incrBy("counter", 5);
            transaction.set("written-in-tx", "yes");
            transaction.del("counter-missing");
            List<Object> results = transaction.exec();

            assertEquals(List.of(15L, "OK", 0L), results);
            assertEquals("15", client.get("counter"));
            assertEquals("yes", client.get("written-in-tx"));
        }
    }

    @Test
    void coordinatesMatchTheUri(RedisDatabase injected) {
        assertSame(REDIS.database(), injected);
        try (Jedis client = new Jedis(injected.host(), injected.port())) {
            client.select(injected.database());
            assertEquals("PONG", client.ping());
        }
        assertEquals(injected.host(), injected.uri().getHost());
        assertEquals(injected.port(), injected.uri().getPort());
    }
}
