package dev.ampconnect.sink.clickhouse;

/**
 * A value the target column cannot hold (out of range, NULL in a non-Nullable column, sub-precision digits):
 * the encoder stops before anything is sent, and the store rejects the row it came from. Value writers throw
 * it without a row; the batch encoder adds the row and column.
 */
final class RejectedValue extends Exception {

    private static final long serialVersionUID = 1L;
    private final int row;

    RejectedValue(String message) {
        this(-1, message);
    }

    RejectedValue(int row, String message) {
        super(message, null, false, false);
        this.row = row;
    }

    /** The row of the batch whose value was rejected, or -1 while not yet known. */
    int row() {
        return row;
    }
}
