/**
 * The store SPI: what a sink backend (PostgreSQL, Redis, ClickHouse, Iceberg) implements so the shared sink base can
 * drive it. The base decides everything store-independent (routing, buffering, sessions, continuity, which batches
 * an invalidation deletes, where units are cut, offsets) and writes each unit through a
 * {@link dev.ampconnect.common.sink.store.StoreTransaction}: per table truncate, writes, undo, forget, register,
 * state, then commit. The backend declares its {@link dev.ampconnect.common.sink.store.CommitScope} and guarantees:
 * <ol>
 *   <li>{@link dev.ampconnect.common.sink.store.SinkStore#claim} fences older tasks: a per-(connector, topic,
 *       partition) epoch bumped atomically (UNIT, IDEMPOTENT), or per (connector, table, partition) in
 *       {@link dev.ampconnect.common.sink.store.SinkStore#loadTable} (TABLE); a commit carrying an older epoch is
 *       refused ({@link dev.ampconnect.common.sink.store.StoreException.Kind#FENCED});</li>
 *   <li>a commit compares the stored offsets with the ones the task expects
 *       ({@link dev.ampconnect.common.sink.store.OffsetCommit#previous()}) and reports a unit it already holds
 *       ({@link dev.ampconnect.common.sink.store.StoreTransaction#alreadyApplied()}), so a retry after a lost reply
 *       never writes twice;</li>
 *   <li>UNIT and TABLE: nothing of a transaction is visible before its commit, which makes the rows, registry
 *       changes, deletes, table state and offsets visible at once. IDEMPOTENT: each step is idempotent (dedup tokens,
 *       deletes by sequence) and the registry, states and offsets become visible together, last; the unit's range is
 *       recorded in {@code begin} so a restart re-forms it
 *       ({@link dev.ampconnect.common.sink.store.PartitionClaim#pendingUnitEnd()});</li>
 *   <li>{@link dev.ampconnect.common.sink.store.SinkStore#loadTable} returns exactly what committed units stored
 *       (it survives restarts);</li>
 *   <li>failures are classified ({@link dev.ampconnect.common.sink.store.StoreException.Kind}) so the base can
 *       retry, isolate bad records, or fail.</li>
 * </ol>
 * A store that applies a whole unit in one call (one Redis MULTI/EXEC) implements
 * {@link dev.ampconnect.common.sink.store.WholeUnitStore} and gets the steps collected into a
 * {@link dev.ampconnect.common.sink.store.UnitOfWork}. The conformance kit (connect-common test-jar) checks all of it
 * against the backend's real store, including a failure injected between any two steps of a unit.
 */
package dev.ampconnect.common.sink.store;
