/**
 * The sink base: everything an amp sink does that does not depend on its store (docs/ARCHITECTURE.md "Sink
 * semantics" rules 0-10). A backend module provides a {@link dev.ampconnect.common.sink.store.SinkStore}
 * (see {@code dev.ampconnect.common.sink.store} for what it must guarantee), extends
 * {@link dev.ampconnect.common.sink.AmpSinkTask} (one method: {@code createStore}) and
 * {@link dev.ampconnect.common.sink.AmpSinkConnector} ({@code storeConfigDef}, optionally
 * {@code validateStore}), and runs the conformance suites of the test-jar.
 *
 * <h2>What happens to a record</h2>
 * <ol>
 *   <li>{@code ContractParser} reads its headers. No {@code amp.kind}: a plain row, buffered for table
 *       {@code table.name.format(topic)}; a null value (tombstone) only advances the offset.</li>
 *   <li>Data: the table's registry binds it to the record's stream and topic-partition (a second stream,
 *       or the stream arriving on another partition, fails the task). The session is checked (below). If
 *       the record continues the open batch (same batch id, same session, not complete) its rows join it;
 *       otherwise the continuity check runs per range against the last registered batch of that network:
 *       a batch starting at or before the last end is an implicit rewind (batches with {@code end >= start}
 *       are invalidated and flushed at once, metric {@code implicit-rewinds-total}); a forward gap or a
 *       {@code prev_hash} that is not the last hash fails the task with the blocks and hashes involved.
 *       Then the batch is registered under the table's next sequence.</li>
 *   <li>Watermark: completes the batch (a microbatch without rows is registered empty, so continuity
 *       holds across it).</li>
 *   <li>Invalidation (reorg or rewind): every registered batch of that network with {@code end >= start}
 *       is removed — unflushed rows are dropped from the buffer, stored batches are undone by the store —
 *       and everything is flushed in the same unit. A malformed control record always fails the task,
 *       whatever {@code errors.tolerance} says: skipping an invalidation would leave invalid rows.</li>
 * </ol>
 *
 * <h2>Sessions (rule 5), as decided here</h2>
 * <ul>
 *   <li>The first session a table ever sees (or sees after its state was lost) is adopted, whether its
 *       first record is a rewind or data.</li>
 *   <li>A rewind with an unknown session replaces the current one; the replaced session is remembered
 *       (the 32 most recent per table, stored with the table state), and records of remembered sessions
 *       are dropped (metric {@code zombie-records-dropped-total}), their offsets still advance.</li>
 *   <li>Data of an unknown session arriving WITHOUT a rewind (the rewind was filtered out, or a source
 *       does not follow the contract) is adopted as a new session too, with a warning: the continuity
 *       check then keeps the table exact (an overlapping replay is an implicit rewind, a gap fails). A
 *       batch id of another session never continues the open batch, so a replayed partial batch is
 *       replaced rather than duplicated.</li>
 * </ul>
 *
 * <h2>Units of work and commit scopes (rule 6)</h2>
 * Buffered records are cut into units of work ({@link dev.ampconnect.common.sink.UnitPlanner}) when a table reaches
 * {@code buffer.flush.rows} or {@code buffer.flush.bytes}, when the oldest unplanned record is
 * {@code buffer.flush.interval.ms} old, at {@code preCommit()}, and right after a record that requires it (an
 * invalidation; an implicit rewind is cut right before the record). How a unit becomes durable is the store's
 * {@link dev.ampconnect.common.sink.store.CommitScope}:
 * <ul>
 *   <li>{@code UNIT} (PostgreSQL, Redis): every table and every partition's offset in one atomic step. A partition's
 *       records may feed several tables, so every table is flushed together and a stored offset means "every record
 *       below it is stored".</li>
 *   <li>{@code TABLE} (Iceberg): the same units, committed one table at a time, each with the table's own offsets;
 *       the last table of a unit also records the partition marks. A restart resumes a partition at its highest mark
 *       and every table skips the records below its own offset.</li>
 *   <li>{@code IDEMPOTENT} (ClickHouse): one unit per partition, from where the last one ended, with a stable
 *       {@link dev.ampconnect.common.sink.store.UnitIdentity} (dedup tokens); the store records the unit's range
 *       first, so a restart re-forms exactly that unit; registry, states and offsets are written last, as the
 *       commit marker.</li>
 * </ul>
 * A planned unit is immutable: the {@link dev.ampconnect.common.sink.UnitCommitter} writes units in order, and a
 * unit that failed is written again exactly as it was before any later one (only rows sent to the dead letter queue
 * are taken out of it). So the registry counts a unit's changes as stored from the moment it is planned: an
 * invalidation undoes a batch whose unit is still being written, in the next unit. {@code preCommit()} writes
 * everything and returns only stored offsets; records that were dropped or only control records are accounted for
 * in the same unit. {@code open()} claims the partitions in the store (the epoch that fences older tasks; TABLE
 * scope: per table, when the task loads it) and seeks to the stored offsets; a record below the processed offset is
 * skipped. {@code close()} discards anything not stored and rewinds the remaining partitions to their stored
 * offsets. The dispatcher never calls back into the engine: what must happen around a record (load a table, cut
 * before or after it) comes back as a decision.
 *
 * <h2>Pipelined writes ({@code buffer.flush.pipelined}, default true)</h2>
 * A unit is converted to Arrow on the task's thread and handed to one background writer
 * ({@link dev.ampconnect.common.sink.BackgroundApply}); {@code put()} returns and the task buffers the next records
 * while the store writes. At most one unit is in flight: the next cut converts first and only then waits for it.
 * Loading a table, {@code preCommit()}, {@code open()} and {@code close()} wait for every planned unit: the store is
 * used by one thread at a time and needs no locking. Measured effect: BENCHMARKS.md.
 *
 * <h2>What the buffers and a unit keep, and when buffered rows are written</h2>
 * A planned unit keeps its Arrow batches. It keeps the buffered records they came from only when rows the store
 * rejects go to the dead letter queue ({@code errors.tolerance=all}: the unit is rebuilt from them without those
 * rows); otherwise its batches carry each row's origin only (topic, partition, offset, timestamp: what a failure
 * message names), so a unit being written does not hold every record's value and raw bytes alive
 * ({@code ColumnarBatch.withRecordOriginsOnly}). Without a dead letter queue the buffers go further for the
 * {@code rows} format: each record's Struct is converted into its table's open Arrow rows in {@code put()} and only
 * its origin is buffered ({@link dev.ampconnect.common.sink.buffer.Segment}, converting), so the worker's records
 * (its consumed bytes and the Struct, ~7 KB a {@code transactions} row) die young instead of surviving every young
 * collection until their unit is stored; an invalidation or a partition's unit (IDEMPOTENT scope) drops or moves
 * rows by copying the kept ones ({@link dev.ampconnect.common.sink.buffer.ConvertedRows#copy}), and a record that
 * cannot be converted fails the task from {@code put()}, naming it. {@code arrow}-format records are already IPC
 * slices: they are appended at the cut as before. Connect calls {@code put()} only when records arrive or at its next
 * offset commit ({@code offset.flush.interval.ms}, 60 s by default), so while rows are buffered the engine asks for a
 * call when {@code buffer.flush.interval.ms} is up ({@code SinkTaskContext.timeout}): the last rows of a burst are
 * written on time, not at the next commit (BENCHMARKS.md "End to end").
 *
 * <h2>Failures (rule 9)</h2>
 * A transient store failure keeps the failed unit: the task pauses its partitions, logs one WARN per backoff step
 * (attempt, wait, cause; a stack trace only on the first), asks the worker to call {@code put()} again after the
 * backoff ({@code retry.backoff.ms}, doubling to {@code retry.backoff.max.ms}), writes the same unit again, and
 * resumes the partitions; {@code max.retries} consecutive failures fail the task. No {@code RetriableException}
 * reaches the worker (it logs each one as an ERROR with a stack trace). A failure inside {@code preCommit()} is
 * handled the same way; a fatal one is thrown by the next {@code put()}. A fenced unit fails the task ("this task
 * was fenced"). Records that cannot be converted, or rows the store rejects, go to the dead letter queue with
 * {@code errors.tolerance=all} (awaited before the unit is written; rejected rows are taken from the store's
 * {@code Rejection} or isolated by bisecting with rolled-back probe writes, and the unit is rebuilt without them),
 * otherwise fail the task naming topic, partition, offset and column.
 *
 * <h2>Metrics</h2>
 * {@link dev.ampconnect.common.sink.SinkMetrics}, published as plugin metrics on Kafka 4.1+ workers and
 * only kept in memory on older ones: rows written, flushes, batches completed, invalidations, rows
 * deleted, implicit rewinds, zombie records dropped, retries, dead-lettered records, buffered rows, Arrow
 * bytes, commit lag, and per table and network the last complete block.
 */
package dev.ampconnect.common.sink;
