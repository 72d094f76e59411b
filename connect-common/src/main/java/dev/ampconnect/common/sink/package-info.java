/**
 * The sink base: everything an amp sink does that does not depend on its store (ARCHITECTURE.md "Sink
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
 * <h2>Flushes and offsets (rule 6)</h2>
 * Thresholds are per table ({@code buffer.flush.rows}, {@code buffer.flush.bytes}, age of the oldest
 * unflushed record {@code buffer.flush.interval.ms}); when one trips, EVERY table is flushed in one unit of
 * work, because a partition's records may feed several tables and a stored offset must mean "every record
 * below it is stored". {@code preCommit()} flushes and returns only stored offsets; records that were
 * dropped or only control records are accounted for in the same unit. {@code open()} claims the
 * partitions in the store (the epoch that fences older tasks) and seeks to the stored offsets; a record
 * below the processed offset is skipped, which makes {@code put()} safe to repeat after a
 * {@code RetriableException}. {@code close()} discards anything unflushed and rewinds the remaining
 * partitions to their stored offsets.
 *
 * <h2>Pipelined flushes ({@code buffer.flush.pipelined}, default true)</h2>
 * A threshold flush converts the buffers into a unit on the task's thread and hands it to one background
 * writer ({@link dev.ampconnect.common.sink.BackgroundApply}); {@code put()} returns and the task buffers
 * and converts the next records while the store writes. At most one unit is in flight: the next flush
 * converts first and only then waits for it. Its offsets and registry changes count only once the store
 * finished it (settled at the next {@code put()}, flush, {@code preCommit()}, {@code open()},
 * {@code close()} or store read). A unit that failed in the background puts its records back in front of
 * the newer ones, with the registry and offsets untouched, and the failure is handled as a failed
 * flush's, so nothing is lost or written twice. An invalidation first waits for the unit in flight (its
 * batches must be stored to be undone), as does every other use of the store: the store is used by one
 * thread at a time and needs no locking. Measured effect: BENCHMARKS.md.
 *
 * <h2>Failures (rule 9)</h2>
 * Transient store failures become {@code RetriableException}s (Connect redelivers after
 * {@code retry.backoff.ms}, doubling to {@code retry.backoff.max.ms}) until {@code max.retries}
 * consecutive failures fail the task; a failure inside {@code preCommit()} is retried with the next
 * records, a fatal one is thrown by the next {@code put()}. A fenced unit fails the task ("this task was
 * fenced"). Records that cannot be converted, or rows the store rejects, go to the dead letter queue with
 * {@code errors.tolerance=all} (awaited before the unit is applied; rejected rows are taken from the
 * store's {@code Rejection} or isolated by bisecting with rolled-back probe writes), otherwise fail the
 * task naming topic, partition, offset and column.
 *
 * <h2>Metrics</h2>
 * {@link dev.ampconnect.common.sink.SinkMetrics}, published as plugin metrics on Kafka 4.1+ workers and
 * only kept in memory on older ones: rows written, flushes, batches completed, invalidations, rows
 * deleted, implicit rewinds, zombie records dropped, retries, dead-lettered records, buffered rows, Arrow
 * bytes, commit lag, and per table and network the last complete block.
 */
package dev.ampconnect.common.sink;
