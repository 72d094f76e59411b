package dev.ampconnect.sink.redis;

import dev.ampconnect.common.sink.store.StoreException;
import java.util.List;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/** Classifies Jedis failures for the sink base (retry, or fail the task). */
final class RedisErrors {

    /** Reply prefixes of conditions that pass: a long script, a loading or failing-over server, a full memory. */
    private static final List<String> TRANSIENT_REPLIES = List.of("BUSY", "LOADING", "TRYAGAIN", "CLUSTERDOWN", "MOVED",
            "ASK", "READONLY", "MASTERDOWN", "OOM", "NOREPLICAS");

    private RedisErrors() {
    }

    /** The store failure of {@code e}, which happened while doing {@code what}. */
    static StoreException of(JedisException e, String table, String what) {
        return new StoreException(kind(e), table, what + " failed: " + describe(e), e);
    }

    static StoreException.Kind kind(JedisException e) {
        if (e instanceof JedisAccessControlException) {
            return StoreException.Kind.FATAL;
        }
        if (e instanceof JedisConnectionException) {
            return StoreException.Kind.TRANSIENT;
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        for (String reply : TRANSIENT_REPLIES) {
            if (message.startsWith(reply)) {
                return StoreException.Kind.TRANSIENT;
            }
        }
        return StoreException.Kind.FATAL;
    }

    /** The message of {@code e} with its causes, for errors that name what to fix. */
    static String describe(Throwable e) {
        StringBuilder out = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != e; cause = cause.getCause()) {
            out.append(" (").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage()).append(')');
            if (cause.getCause() == cause) {
                break;
            }
        }
        return out.toString();
    }
}
