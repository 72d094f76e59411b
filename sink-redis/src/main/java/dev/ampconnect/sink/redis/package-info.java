/**
 * The Redis amp sink: {@link dev.ampconnect.sink.redis.AmpRedisSinkConnector} over the shared sink base.
 * This package holds only the store: connections (pooled Jedis, ACL, TLS), the encoding of rows into
 * hashes, JSON strings, streams, sets and sorted sets, and the one Lua script that applies a unit of work
 * atomically with its batch registry, pre-images, invalidation undo and offsets.
 */
package dev.ampconnect.sink.redis;
