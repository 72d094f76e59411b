/**
 * The Iceberg {@link dev.ampconnect.common.sink.store.SinkStore} in the TABLE commit scope (docs/ARCHITECTURE.md
 * "Commit scopes"): {@link dev.ampconnect.sink.iceberg.store.IcebergStore} and its parts.
 * <ul>
 *   <li>{@code claim}: {@link dev.ampconnect.sink.iceberg.store.PartitionMarks} (highest partition mark over the
 *       namespace's tables); {@code loadTable}: {@link dev.ampconnect.sink.iceberg.store.TableClaimer} (state and
 *       registry from the table's properties, the (table, partition) epochs raised in a commit of their own);</li>
 *   <li>{@code begin}/steps/{@code commit}: {@link dev.ampconnect.sink.iceberg.store.TableTransaction}, one Iceberg
 *       commit per table: data files (rows of batches the same unit undoes are never written), deletes at the
 *       registry's positions ({@link dev.ampconnect.sink.iceberg.store.UndoDeletes}), the registry with the new
 *       positions, state, the table's own offsets and partition marks, guarded by the entries found at begin;</li>
 *   <li>state encodings: {@link dev.ampconnect.sink.iceberg.store.SinkKeys},
 *       {@link dev.ampconnect.sink.iceberg.store.PartitionEntry}, {@link dev.ampconnect.sink.iceberg.store.TableStateCodec},
 *       {@link dev.ampconnect.sink.iceberg.store.RegistryCodec} over
 *       {@link dev.ampconnect.sink.iceberg.store.StoredRegistry};</li>
 *   <li>what others do to the table: {@link dev.ampconnect.sink.iceberg.store.ForeignRemovals} (compactions since the
 *       sink last checked) and {@link dev.ampconnect.sink.iceberg.store.SequenceLocator} (rows by
 *       {@code _amp_batch_seq} when positions are void); lost replies:
 *       {@link dev.ampconnect.sink.iceberg.store.CommitOutcome}; errors: {@link dev.ampconnect.sink.iceberg.store.StoreErrors};</li>
 *   <li>tables that do not exist yet: {@link dev.ampconnect.sink.iceberg.store.PendingTables} and the random-epoch
 *       claims of {@link dev.ampconnect.sink.iceberg.store.TableClaims}.</li>
 * </ul>
 * See the module README, "Guarantees" and "Where the state lives".
 */
package dev.ampconnect.sink.iceberg.store;
