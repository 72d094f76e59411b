/**
 * Columnar batches: the Connect -> Arrow direction of the type policy (TYPES.md "Connect -> Arrow"), the
 * per-table buffers of the sink base and the {@link dev.ampconnect.common.sink.batch.ColumnarBatch} a
 * store receives per flush, with the records it came from for error reporting.
 */
package dev.ampconnect.common.sink.batch;
