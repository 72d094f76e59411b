/**
 * The column model: what each Arrow column holds, resolved once, so that no code but
 * {@link dev.ampconnect.common.arrow.column.ColumnResolver} switches over Arrow types (TYPES.md "Column model").
 *
 * <ul>
 *   <li>{@link dev.ampconnect.common.arrow.column.ColumnKind} is a sealed interface with one record per kind
 *       amp-connect handles: Null, Bool, Int (eight {@code IntType}s, signed and unsigned), FloatingPoint,
 *       Decimal (precision, scale, 128/256 bits), Utf8 and Binary (regular, large, view layouts),
 *       FixedSizeBinary(n), Date (day, ms), Time (unit), Timestamp (unit, zone), List (regular, large,
 *       fixed-size; element column), Struct (child columns), Map (key and value columns).</li>
 *   <li>{@link dev.ampconnect.common.arrow.column.Column} is one resolved column: name, path for messages
 *       ({@code tx.access_list[].address}), nullability, kind.
 *       {@link dev.ampconnect.common.arrow.column.ResolvedColumns} are the columns of one Arrow schema.</li>
 *   <li>{@link dev.ampconnect.common.arrow.column.ColumnResolver} builds them from Arrow fields and refuses
 *       every other Arrow type naming the column.</li>
 *   <li>{@link dev.ampconnect.common.arrow.column.TemporalValues} reads dates, times and timestamps of any
 *       unit in one unit, for encoders.</li>
 * </ul>
 *
 * <p>Code that handles columns implements {@link dev.ampconnect.common.arrow.column.ColumnKind.Visitor}
 * rather than testing kinds with {@code instanceof}: Java 17 has no exhaustive pattern-matching
 * {@code switch} (preview only), and a visitor with one method per kind makes the compiler refuse an
 * encoder that forgets one. Variants inside a kind are enums, covered by {@code switch} expressions
 * without {@code default}, which the compiler checks for exhaustiveness too. A visitor runs once per column
 * and batch (binding an encoder to the column's vector); the per-row path has no type test.
 *
 * <p>Users: the source's row reader ({@code ColumnPlanner}) and Connect schema mapper
 * ({@code ArrowSchemaMapper}), the sink base's row writer ({@code ConnectColumnWriter}) and JSON text
 * ({@code ArrowJson}), and the stores' encoders (PostgreSQL binary COPY, Redis text).
 */
package dev.ampconnect.common.arrow.column;
