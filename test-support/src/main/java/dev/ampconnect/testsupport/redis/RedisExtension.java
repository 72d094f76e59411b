package dev.ampconnect.testsupport.redis;

import dev.ampconnect.testsupport.ClassResourceExtension;

/**
 * Gives each test class a flushed {@link RedisDatabase} on a real Redis server shared by the JVM (see
 * {@link RedisServers} for where the server comes from).
 *
 * <pre>{@code
 * class RedisSinkIT {
 *     @RegisterExtension
 *     static final RedisExtension REDIS = new RedisExtension();
 *
 *     @Test
 *     void writesHashes() {
 *         try (Jedis client = REDIS.database().connect()) {   // or take a RedisDatabase parameter
 *             ...
 *         }
 *     }
 * }
 * }</pre>
 */
public final class RedisExtension extends ClassResourceExtension<RedisDatabase> {

    public RedisExtension() {
        super(RedisDatabase.class);
    }

    /** This class's flushed database; valid from {@code @BeforeAll} until the class ends. */
    public RedisDatabase database() {
        return handle();
    }

    @Override
    protected RedisDatabase open(Class<?> testClass) {
        RedisServer server = RedisServers.shared();
        server.flush();
        return new RedisDatabase(server);
    }
}
