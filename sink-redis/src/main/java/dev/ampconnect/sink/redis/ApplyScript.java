package dev.ampconnect.sink.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;

/**
 * {@code apply-unit.lua}, queued into a unit's MULTI/EXEC by its full text ({@code EVAL}): a script cache
 * miss inside EXEC ({@code NOSCRIPT} for an EVALSHA) would fail that one command while the others run, so
 * the few kilobytes are sent each time instead.
 */
final class ApplyScript {

    private final byte[] source;

    ApplyScript() {
        try (InputStream in = ApplyScript.class.getResourceAsStream("apply-unit.lua")) {
            if (in == null) {
                throw new IllegalStateException("apply-unit.lua is missing from the plugin jar");
            }
            this.source = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Queues one call with the offsets key as its one declared key. */
    Response<Object> queue(Transaction transaction, String offsetsKey, ScriptArgs args) {
        return transaction.eval(source, List.of(offsetsKey.getBytes(StandardCharsets.UTF_8)), args.list());
    }

    /** Whether a call's reply is the script's success reply. */
    static boolean succeeded(Object reply) {
        return reply instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof byte[] first
                && "OK".equals(new String(first, StandardCharsets.UTF_8));
    }
}
