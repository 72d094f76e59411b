package dev.ampconnect.sink.postgresql;

import dev.ampconnect.common.sink.store.StoreException;
import java.sql.SQLException;
import java.util.Set;

/** Classifies PostgreSQL errors by SQLSTATE for the sink base (retry, isolate bad rows, or fail). */
final class PgErrors {

    /** Serialization failure, deadlock, lock timeout, statement cancelled (timeout), too many connections. */
    private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "55P03", "57014", "53300");

    private PgErrors() {
    }

    static StoreException.Kind kind(SQLException e) {
        String state = e.getSQLState();
        if (state == null) {
            return StoreException.Kind.TRANSIENT;
        }
        if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P") || TRANSIENT_STATES.contains(state)) {
            return StoreException.Kind.TRANSIENT;
        }
        if (state.startsWith("22") || state.startsWith("23")) {
            return StoreException.Kind.DATA;
        }
        return StoreException.Kind.FATAL;
    }

    /** A classified store exception for {@code e}, raised while doing {@code what}. */
    static StoreException of(SQLException e, String table, String what) {
        return new StoreException(kind(e), table, what + ": " + describe(e), e);
    }

    static String describe(SQLException e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        if (e.getSQLState() != null) {
            text.append(" [SQLSTATE ").append(e.getSQLState()).append(']');
        }
        return text.toString();
    }
}
