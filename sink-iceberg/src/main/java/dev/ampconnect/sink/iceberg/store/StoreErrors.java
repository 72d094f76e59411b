package dev.ampconnect.sink.iceberg.store;

import dev.ampconnect.common.sink.store.StoreException;
import dev.ampconnect.sink.iceberg.commit.FencedCommitException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.RESTException;
import org.apache.iceberg.exceptions.ValidationException;

/** Classifies what Iceberg and the catalogs throw for the sink base: retry, fencing, or fail. */
final class StoreErrors {

    private StoreErrors() {
    }

    /** A classified store exception for {@code e}, raised while doing {@code what} (which names the table). */
    static StoreException of(RuntimeException e, String table, String what) {
        if (e instanceof StoreException store) {
            return store;
        }
        String message = what + ": " + e.getMessage();
        if (e instanceof FencedCommitException) {
            return new StoreException(StoreException.Kind.FENCED, table, message, e);
        }
        if (e instanceof CommitFailedException || e instanceof ValidationException) {
            // a concurrent commit the retries could not get past, or one that removed a file this commit deletes from
            // (a compaction): the unit is written again on top of it
            return new StoreException(StoreException.Kind.TRANSIENT, table, message + " (a concurrent commit; retrying)", e);
        }
        if (e instanceof CommitStateUnknownException) {
            return new StoreException(StoreException.Kind.TRANSIENT, table, message + " (the catalog did not answer"
                    + " whether the commit happened; the retry finds out from the stored offsets)", e);
        }
        if (e instanceof NotAuthorizedException || e instanceof ForbiddenException) {
            return new StoreException(StoreException.Kind.FATAL, table, message + " (check the catalog credentials)", e);
        }
        if (e instanceof RESTException || e instanceof UncheckedIOException || isTransientCause(e)) {
            return new StoreException(StoreException.Kind.TRANSIENT, table, message, e);
        }
        return new StoreException(StoreException.Kind.FATAL, table, message, e);
    }

    private static boolean isTransientCause(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof IOException || cause instanceof UncheckedIOException) {
                return true;
            }
            if (cause instanceof SQLException sql) {
                String state = sql.getSQLState() == null ? "" : sql.getSQLState();
                // connection problems, resources, serialization failures, deadlocks (the JDBC catalog's database)
                return state.startsWith("08") || state.startsWith("53") || state.startsWith("57P") || state.startsWith("40")
                        || state.isEmpty();
            }
        }
        return false;
    }
}
