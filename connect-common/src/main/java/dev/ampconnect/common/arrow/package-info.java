/**
 * Arrow -> Kafka Connect conversion for the source side, and the Arrow IPC codec of the {@code arrow}
 * record format. The policy is {@code connect-common/TYPES.md}; in short:
 *
 * <ul>
 *   <li>{@link dev.ampconnect.common.arrow.ArrowSchemaMapper} maps every amp Arrow type to a Connect
 *       schema: unsigned integers widen exactly, UInt64 is a {@code Decimal(20,0)} by default (or INT64
 *       that fails loudly above 2^63-1, never wrapping), FixedSizeBinary(n) is BYTES named
 *       {@code dev.ampconnect.FixedN}, decimals keep precision and scale, timestamps are Connect
 *       {@code Timestamp} (sub-millisecond digits fail loudly) or exact INT64 nanoseconds. Nullability is
 *       carried over, every schema carries {@code amp.arrow.type}, every name is a valid Avro full name
 *       ({@code dev.ampconnect.stream.<stream>.Value}, nested {@code .<field>}, list elements
 *       {@code .<field>_item}), and data rows end with the required STRING {@code _amp_batch_id}.</li>
 *   <li>{@link dev.ampconnect.common.arrow.ArrowRowReader} reads record batches into Structs of such a
 *       schema, with per-column readers decided once per schema; errors name the column and row.</li>
 *   <li>{@link dev.ampconnect.common.arrow.ArrowIpcEncoder} and
 *       {@link dev.ampconnect.common.arrow.ArrowIpcDecoder} write and read the {@code arrow} record format:
 *       one Arrow IPC stream per record, re-sliced below {@code arrow.max.record.bytes};
 *       {@code IpcSliceLayout} sizes and writes a row range's IPC message straight
 *       from the batch's buffers.</li>
 *   <li>{@link dev.ampconnect.common.arrow.SchemaConventions} spells the names and parameters the
 *       Connect -> Arrow direction (the sink base) reads back.</li>
 * </ul>
 *
 * <p>Both the mapper and the reader start from the column model of {@code dev.ampconnect.common.arrow.column}:
 * each Arrow column is resolved once to a {@code ColumnKind}, and they visit kinds instead of switching
 * over Arrow types themselves.
 */
package dev.ampconnect.common.arrow;
