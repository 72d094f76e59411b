package dev.ampconnect.sink.iceberg.write;

/**
 * A value the target column cannot hold exactly (a null in a required column, sub-microsecond digits in a
 * microsecond column, an unsigned value beyond a long); the message names the column and the row. Nothing of
 * the file being written is committed.
 */
public final class RejectedValueException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RejectedValueException(String message) {
        super(message);
    }
}
