package dev.ampconnect.sink.iceberg.schema;

/**
 * An existing table cannot take the records (a column of another type, a required column the records lack, a
 * missing column while evolution is off); the message names the table and the column and what to do.
 */
public final class IncompatibleTableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public IncompatibleTableException(String message) {
        super(message);
    }
}
