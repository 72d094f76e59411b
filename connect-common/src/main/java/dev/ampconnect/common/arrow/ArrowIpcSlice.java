package dev.ampconnect.common.arrow;

/**
 * One {@code arrow}-format record value: a run of rows of a record batch as Arrow IPC stream bytes.
 *
 * @param firstRow index, within the encoded record batch, of the first row of the slice (the source adds
 *                 the batch's offset in its microbatch and writes it to header {@code amp.row})
 * @param rowCount number of rows in the slice
 * @param payload  Arrow IPC stream bytes: schema, one record batch, end-of-stream; never above the
 *                 encoder's maximum
 */
public record ArrowIpcSlice(int firstRow, int rowCount, byte[] payload) {
}
