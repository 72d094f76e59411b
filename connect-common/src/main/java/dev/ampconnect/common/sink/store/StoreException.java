package dev.ampconnect.common.sink.store;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import java.util.Optional;
import org.apache.kafka.connect.errors.ConnectException;

/** A store operation failed; {@link #kind()} tells the sink base what it may do about it. */
public class StoreException extends ConnectException {

    private static final long serialVersionUID = 1L;

    /** How a failure is handled. */
    public enum Kind {
        /** The store is unavailable or busy (connection lost, deadlock, timeout): retry with backoff. */
        TRANSIENT,
        /** The store rejected rows of {@link #table()} (value out of range, constraint, type conflict). */
        DATA,
        /** Another task claimed a partition of the unit: this task is a zombie and must stop. */
        FENCED,
        /** Anything else (configuration, missing table with auto-create off, bug): fail the task. */
        FATAL
    }

    /**
     * Which rows a {@link Kind#DATA} failure is about, when the store can tell.
     *
     * @param batch the rejected batch (one of the unit's writes)
     * @param row   the rejected row, or -1 when every row of the batch is rejected (e.g. a column type conflict)
     */
    public record Rejection(ColumnarBatch batch, int row) {
    }

    private final Kind kind;
    private final String table;
    private final transient Rejection rejection;

    public StoreException(Kind kind, String table, String message, Throwable cause) {
        this(kind, table, message, cause, null);
    }

    private StoreException(Kind kind, String table, String message, Throwable cause, Rejection rejection) {
        super(message, cause);
        this.kind = kind;
        this.table = table;
        this.rejection = rejection;
    }

    /** The store rejected row {@code row} of {@code batch} (e.g. a COPY error naming its line). */
    public static StoreException rejectedRow(String table, ColumnarBatch batch, int row, String message, Throwable cause) {
        return new StoreException(Kind.DATA, table, message, cause, new Rejection(batch, row));
    }

    /** The store rejects every row of {@code batch} (e.g. a column whose type cannot hold the field). */
    public static StoreException rejectedBatch(String table, ColumnarBatch batch, String message, Throwable cause) {
        return new StoreException(Kind.DATA, table, message, cause, new Rejection(batch, -1));
    }

    public StoreException(Kind kind, String table, String message) {
        this(kind, table, message, null);
    }

    /** How to handle the failure. */
    public Kind kind() {
        return kind;
    }

    /** The table whose rows were rejected ({@link Kind#DATA}), or {@code null}. */
    public String table() {
        return table;
    }

    /** Which rows were rejected, when the store knows; otherwise the base isolates them by probing. */
    public Optional<Rejection> rejection() {
        return Optional.ofNullable(rejection);
    }
}
