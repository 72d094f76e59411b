package dev.ampconnect.sink.clickhouse;

import com.clickhouse.client.api.ClientException;
import com.clickhouse.client.api.ClientMisconfigurationException;
import com.clickhouse.client.api.ConnectionInitiationException;
import com.clickhouse.client.api.DataTransferException;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.TransportException;
import dev.ampconnect.common.sink.store.StoreException;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Classifies what client-v2 throws for the sink base: transport failures and the server's "busy or unavailable"
 * codes are {@link StoreException.Kind#TRANSIENT} (retry the unit; every step is idempotent), the server's
 * value-conversion codes {@link StoreException.Kind#DATA}, everything else (authentication, unknown database or
 * table, syntax, access) {@link StoreException.Kind#FATAL}.
 */
final class ChErrors {

    /**
     * Server error codes worth retrying: timeouts, too many queries or parts, memory limit, network errors, a
     * read-only replica, Keeper trouble, an insert of unknown outcome, a cancelled or aborted query, a truncated body.
     */
    private static final Set<Integer> TRANSIENT = Set.of(3, 32, 33, 159, 160, 202, 203, 209, 210, 236, 241, 242, 252, 285,
            286, 319, 394, 425, 439, 473, 999);
    /** Server error codes about values: cannot parse or convert, type mismatch, out of range, NULL into a plain column. */
    private static final Set<Integer> DATA = Set.of(6, 27, 38, 41, 53, 69, 70, 72, 117, 131, 321, 349, 407);

    private ChErrors() {
    }

    /** How to handle {@code failure}. */
    static StoreException.Kind kind(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StoreException store) {
                return store.kind();
            }
            if (cause instanceof ServerException server) {
                if (TRANSIENT.contains(server.getCode())) {
                    return StoreException.Kind.TRANSIENT;
                }
                return DATA.contains(server.getCode()) ? StoreException.Kind.DATA : StoreException.Kind.FATAL;
            }
            if (cause instanceof ClientMisconfigurationException) {
                return StoreException.Kind.FATAL;
            }
            if (cause instanceof ConnectionInitiationException || cause instanceof DataTransferException
                    || cause instanceof TransportException || cause instanceof IOException
                    || cause instanceof TimeoutException) {
                return StoreException.Kind.TRANSIENT;
            }
        }
        return failure instanceof ClientException ? StoreException.Kind.TRANSIENT : StoreException.Kind.FATAL;
    }

    /** A classified store exception for {@code failure}, raised while doing {@code what} (about {@code table}, or null). */
    static StoreException of(RuntimeException failure, String table, String what) {
        if (failure instanceof StoreException store) {
            return store;
        }
        return new StoreException(kind(failure), table, what + ": " + failure.getMessage(), failure);
    }

    /** Whether {@code failure} is the server's code {@code code}. */
    static boolean isServerCode(Throwable failure, int code) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ServerException server) {
                return server.getCode() == code;
            }
        }
        return false;
    }
}
