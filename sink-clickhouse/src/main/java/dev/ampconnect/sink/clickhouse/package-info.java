/**
 * The ClickHouse sink: {@link dev.ampconnect.sink.clickhouse.AmpClickHouseSinkConnector} and its task, the shared sink
 * base over {@link dev.ampconnect.sink.clickhouse.ClickHouseStore} in the IDEMPOTENT commit scope (docs/ARCHITECTURE.md
 * "Commit scopes"; sink-clickhouse/README.md).
 * <ul>
 *   <li>State: {@link dev.ampconnect.sink.clickhouse.ChStateLog} (one log table of versioned rows, the commit marker
 *       as one single-block INSERT, the progress view), {@link dev.ampconnect.sink.clickhouse.ChPartitionLog}
 *       (claims written then read back, unit intents before the owner check, stored offsets),
 *       {@link dev.ampconnect.sink.clickhouse.ChTableLog} (registry and table state, snapshots),
 *       {@link dev.ampconnect.sink.clickhouse.ChVersion} and {@link dev.ampconnect.sink.clickhouse.ChGeneration}
 *       (who wrote a row, and in which order).</li>
 *   <li>A unit: {@link dev.ampconnect.sink.clickhouse.ChIdempotentTransaction}; target tables:
 *       {@link dev.ampconnect.sink.clickhouse.ChTableWriter} over {@link dev.ampconnect.sink.clickhouse.ChTableCatalog}
 *       (auto-create, evolution, existing tables, deduplication), {@link dev.ampconnect.sink.clickhouse.ChInserter}
 *       (one INSERT per batch with its dedup token), {@link dev.ampconnect.sink.clickhouse.ChBatchDeleter} (whole-batch
 *       lightweight deletes).</li>
 *   <li>Values: {@link dev.ampconnect.sink.clickhouse.ChTypeMapping} (Arrow to ClickHouse types),
 *       {@link dev.ampconnect.sink.clickhouse.RowBinaryBatch} (RowBinary straight from the Arrow vectors).</li>
 *   <li>Connection and errors: {@link dev.ampconnect.sink.clickhouse.ChClient} (client-v2 over HTTP, bound
 *       parameters; every request counted and timed per kind by
 *       {@link dev.ampconnect.sink.clickhouse.ChRequestStats}), {@link dev.ampconnect.sink.clickhouse.ChErrors};
 *       configuration:
 *       {@link dev.ampconnect.sink.clickhouse.ClickHouseSinkConfig}.</li>
 * </ul>
 */
package dev.ampconnect.sink.clickhouse;
