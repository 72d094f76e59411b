/**
 * Redis for tests: {@link dev.ampconnect.testsupport.redis.RedisExtension} gives each test class a
 * flushed {@link dev.ampconnect.testsupport.redis.RedisDatabase} on a server shared by the JVM:
 * {@code AMP_TEST_REDIS_URL} if set, else {@code redis-server} from PATH, else the binary bundled in
 * the embedded-redis jar.
 */
package dev.ampconnect.testsupport.redis;
