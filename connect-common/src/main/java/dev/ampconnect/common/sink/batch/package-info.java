/**
 * What a store receives: the {@link dev.ampconnect.common.sink.batch.ColumnarBatch} (the rows of one write as Arrow
 * vectors, with the records they came from and the microbatch slices they belong to) and the helpers stores share to
 * encode it (JSON of nested values, the names of the columns the base adds). The base's internals that build these
 * batches live apart, in {@code dev.ampconnect.common.sink.buffer}; the store SPI in
 * {@code dev.ampconnect.common.sink.store}.
 */
package dev.ampconnect.common.sink.batch;
