package dev.ampconnect.sink.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * {@code apply-unit.lua}, called by its SHA1 ({@code EVALSHA}, loaded on first {@code NOSCRIPT}). The
 * script checks everything first (epochs, stored offsets, key types) and writes only when every check
 * passed, so each reply kind below means "all of the unit" (OK, APPLIED) or "nothing of it".
 */
final class ApplyScript {

    /** The script's reply. */
    record Reply(String kind, List<String> details) {
        /** The unit was written now. */
        static final String OK = "OK";
        /** The store already held the unit's offsets: an earlier attempt whose reply was lost wrote it. */
        static final String APPLIED = "APPLIED";
        /** Another task claimed a partition: details = epoch field, stored epoch, this task's epoch. */
        static final String FENCED = "FENCED";
        /** The stored offsets are not what this task stored last: details = field, stored, expected. */
        static final String STALE = "STALE";
        /** A collection key holds another type: details = block, row, key, type. */
        static final String WRONGTYPE = "WRONGTYPE";

        String detail(int index) {
            return index < details.size() ? details.get(index) : "";
        }
    }

    private final byte[] source;
    private final byte[] sha;

    ApplyScript() {
        try (InputStream in = ApplyScript.class.getResourceAsStream("apply-unit.lua")) {
            if (in == null) {
                throw new IllegalStateException("apply-unit.lua is missing from the plugin jar");
            }
            this.source = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source))
                    .getBytes(StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the script with the offsets key as its one declared key. */
    Reply run(Jedis jedis, String offsetsKey, List<byte[]> args) {
        List<byte[]> keys = List.of(offsetsKey.getBytes(StandardCharsets.UTF_8));
        Object reply;
        try {
            reply = jedis.evalsha(sha, keys, args);
        } catch (JedisNoScriptException e) {
            reply = jedis.eval(source, keys, args);
        }
        return parse(reply);
    }

    private static Reply parse(Object reply) {
        if (!(reply instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalStateException("apply script replied " + reply);
        }
        List<String> parts = new ArrayList<>(list.size());
        for (Object part : list) {
            parts.add(part instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(part));
        }
        return new Reply(parts.get(0), List.copyOf(parts.subList(1, parts.size())));
    }
}
