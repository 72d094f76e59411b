package dev.ampconnect.sink.clickhouse;

/**
 * An existing column whose type cannot hold a field of the records exactly (or a field with no column): the
 * message names the table, the column, both types and what to do.
 */
final class IncompatibleColumnException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final String column;

    IncompatibleColumnException(String column, String message) {
        super(message);
        this.column = column;
    }

    /** The column that does not fit. */
    String column() {
        return column;
    }
}
