package dev.ampconnect.common.sink.batch;

/**
 * Consecutive rows of a columnar batch that belong to one registered microbatch.
 *
 * @param sequence the microbatch's registry sequence (rows carry it so deletes are cheap)
 * @param batchId  the microbatch's batch id
 * @param firstRow index of the first row in the columnar batch
 * @param rowCount number of rows
 */
public record BatchSlice(long sequence, String batchId, int firstRow, int rowCount) {

    /** Index after the last row. */
    public int endRow() {
        return firstRow + rowCount;
    }
}
