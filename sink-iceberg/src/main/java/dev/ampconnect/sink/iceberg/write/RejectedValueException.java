package dev.ampconnect.sink.iceberg.write;

/**
 * A value the target column cannot hold exactly (a null in a required column, sub-microsecond digits in a
 * microsecond column, an unsigned value beyond a long); the message names the column and the row. Nothing of
 * the file being written is committed.
 */
public final class RejectedValueException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int row;

    /** A rejection of every row (e.g. a required column the records lack). */
    public RejectedValueException(String message) {
        this(message, -1);
    }

    /**
     * @param row the rejected row of the batch being written, or -1 when every row is rejected
     */
    public RejectedValueException(String message, int row) {
        super(message);
        this.row = row;
    }

    /** The rejected row of the batch being written, or -1 when the whole batch is rejected. */
    public int row() {
        return row;
    }

    /** The same rejection, attributed to row {@code batchRow} of the batch (a nested value's own index is not one). */
    public RejectedValueException atRow(int batchRow) {
        return batchRow == row ? this : new RejectedValueException("row " + batchRow + ": " + getMessage(), batchRow);
    }
}
