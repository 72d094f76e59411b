/**
 * The ClickHouse store's building blocks (issue 12, phase 1): {@link dev.ampconnect.sink.clickhouse.ChClient}
 * (client-v2 over HTTP), {@link dev.ampconnect.sink.clickhouse.ChTypeMapping} (Arrow -> ClickHouse types),
 * {@link dev.ampconnect.sink.clickhouse.ChTableCatalog} (auto-create, evolution, existing tables),
 * {@link dev.ampconnect.sink.clickhouse.RowBinaryBatch} (RowBinary straight from the Arrow vectors),
 * {@link dev.ampconnect.sink.clickhouse.ChInserter} (one INSERT per batch with a dedup token) and
 * {@link dev.ampconnect.sink.clickhouse.ChBatchDeleter} (whole-batch lightweight deletes). The store that
 * composes them into the sink base's IDEMPOTENT scope comes next; see the module README.
 */
package dev.ampconnect.sink.clickhouse;
