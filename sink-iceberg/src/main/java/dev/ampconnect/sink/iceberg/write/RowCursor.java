package dev.ampconnect.sink.iceberg.write;

/**
 * The row the Parquet writers read next: its index in the batch's vectors and, for amp rows, its microbatch's
 * registry sequence. One mutable instance per batch, advanced row by row, so writing allocates no row objects.
 */
public final class RowCursor {

    int row;
    long sequence;
    boolean hasSequence;
    /** Rows written from this cursor's batch so far. */
    long written;

    /** The row index. */
    public int row() {
        return row;
    }
}
