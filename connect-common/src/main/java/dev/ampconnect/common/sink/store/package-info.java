/**
 * The store SPI: what a sink backend (PostgreSQL, Redis, ClickHouse, Iceberg) implements so the shared
 * sink base can drive it. The base decides everything store-independent (routing, buffering, sessions,
 * continuity, which batches an invalidation deletes, offsets) and hands the backend one {@link
 * dev.ampconnect.common.sink.store.UnitOfWork} per flush, which the backend applies atomically.
 *
 * <p>A backend guarantees:
 * <ol>
 *   <li>{@link dev.ampconnect.common.sink.store.SinkStore#claim} bumps a per-(connector, topic, partition)
 *       epoch atomically and returns the stored next offset, so an older task holding that partition is
 *       fenced from then on;</li>
 *   <li>{@link dev.ampconnect.common.sink.store.SinkStore#apply} applies a unit all-or-nothing: every
 *       offset's epoch is checked (row lock or compare-and-set) before anything becomes visible, the rows,
 *       registry changes, deletes, table state and new offsets land in one atomic step, in the order the
 *       unit lists them;</li>
 *   <li>{@link dev.ampconnect.common.sink.store.SinkStore#loadTable} returns exactly what earlier units
 *       stored (it survives restarts);</li>
 *   <li>failures are classified ({@link dev.ampconnect.common.sink.store.StoreException.Kind}) so the base
 *       can retry, isolate bad records, or fail.</li>
 * </ol>
 */
package dev.ampconnect.common.sink.store;
