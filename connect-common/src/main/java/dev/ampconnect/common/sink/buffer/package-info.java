/**
 * The sink base's internals between a record and a columnar batch: per-table buffers of records in segments of one
 * shape, and the builders that turn a segment into a {@link dev.ampconnect.common.sink.batch.ColumnarBatch} (the
 * Connect -> Arrow direction of the type policy, TYPES.md "Connect -> Arrow", for the rows format; IPC slices
 * appended for the arrow format). Rows-format segments may convert their records as they arrive and keep only their
 * origins ({@link dev.ampconnect.common.sink.buffer.ConvertedRows}; the sink base does so without a dead letter
 * queue). Not for stores: they see only the batch.
 */
package dev.ampconnect.common.sink.buffer;
