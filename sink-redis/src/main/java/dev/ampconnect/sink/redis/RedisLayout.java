package dev.ampconnect.sink.redis;

import dev.ampconnect.sink.redis.RedisSinkConfig.BinaryFormat;
import java.nio.charset.StandardCharsets;

/**
 * How rows become Redis data (README "Key layout"): the structure, the key and member templates, the score
 * field, the TTL, the binary text format and the hash-tag prefix of data keys.
 *
 * @param structure      what one row becomes
 * @param keyTemplate    the key of a row
 * @param memberTemplate the member of a row (set, zset), else {@code null}
 * @param scoreField     the score field (zset), else empty
 * @param ttlMs          expiry after the last write, 0 for none
 * @param binaryFormat   text of BYTES values
 * @param keyPrefix      bytes before every data key: {@code {connector}} with redis.key.hash.tag, else empty
 */
record RedisLayout(RedisStructure structure, KeyTemplate keyTemplate, KeyTemplate memberTemplate, String scoreField,
                   long ttlMs, BinaryFormat binaryFormat, byte[] keyPrefix) {

    /** The layout a config describes, for connector {@code connector}. */
    static RedisLayout of(RedisSinkConfig config, String connector) {
        RedisStructure structure = config.structure();
        KeyTemplate member = structure.needsMember()
                ? KeyTemplate.parse(RedisSinkConfig.MEMBER_TEMPLATE, config.memberTemplate()) : null;
        byte[] prefix = config.keyHashTag() ? StateKeys.hashTag(connector).getBytes(StandardCharsets.UTF_8) : new byte[0];
        return new RedisLayout(structure, KeyTemplate.parse(RedisSinkConfig.KEY_TEMPLATE, config.keyTemplateText()), member,
                config.scoreField(), config.ttlMs(), config.binaryFormat(), prefix);
    }
}
