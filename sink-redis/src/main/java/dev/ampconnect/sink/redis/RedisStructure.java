package dev.ampconnect.sink.redis;

import java.util.Arrays;
import java.util.Locale;

/**
 * What one row becomes in Redis ({@code redis.structure}). Lists are deliberately absent: an LPUSH/RPUSH
 * cannot be undone exactly (LREM removes by value, not by position, and positions shift), so a reorg could
 * not restore a list to what older valid batches left.
 */
public enum RedisStructure {
    /** A hash per key, one field per non-null column; a write replaces the whole hash. */
    HASH("${table}:${row}", false, true),
    /** A string per key holding the row as a JSON object; a write replaces it. */
    STRING("${table}:${row}", false, true),
    /** An entry per row (XADD with an auto id), one field per non-null column. */
    STREAM("${table}", false, false),
    /** SADD of the row's member. */
    SET("${table}", true, false),
    /** ZADD of the row's member with the row's score. */
    ZSET("${table}", true, false);

    private final String defaultKeyTemplate;
    private final boolean member;
    private final boolean replacesKey;

    RedisStructure(String defaultKeyTemplate, boolean member, boolean replacesKey) {
        this.defaultKeyTemplate = defaultKeyTemplate;
        this.member = member;
        this.replacesKey = replacesKey;
    }

    /** The config spelling. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The key template used when {@code redis.key.template} is empty. */
    public String defaultKeyTemplate() {
        return defaultKeyTemplate;
    }

    /** Whether rows are members of a collection ({@code redis.member.template}). */
    public boolean needsMember() {
        return member;
    }

    /** Whether a row replaces its key's whole value (hash, string) rather than adding to a collection. */
    public boolean replacesKey() {
        return replacesKey;
    }

    /** Parses a config value. */
    public static RedisStructure of(String wire) {
        return valueOf(wire.trim().toUpperCase(Locale.ROOT));
    }

    /** Every config spelling. */
    public static String[] wires() {
        return Arrays.stream(values()).map(RedisStructure::wire).toArray(String[]::new);
    }
}
