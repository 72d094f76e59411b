/**
 * The Apache Iceberg sink (issue 13): {@link dev.ampconnect.sink.iceberg.AmpIcebergSinkConnector} and
 * {@link dev.ampconnect.sink.iceberg.AmpIcebergSinkTask} over the shared sink base, with
 * {@link dev.ampconnect.sink.iceberg.IcebergSinkConfig} (the {@code iceberg.*} keys, catalog properties passed through
 * under {@code iceberg.catalog.*} as Iceberg's own Kafka Connect sink does),
 * {@link dev.ampconnect.sink.iceberg.IcebergSinkDefaults} (a one-minute flush interval) and
 * {@link dev.ampconnect.sink.iceberg.CatalogLoader}. Packages: {@code store} (the SinkStore, TABLE commit scope:
 * one Iceberg commit per table carrying rows, deletes, registry, state and offsets), {@code schema} (Arrow ->
 * Iceberg types over connect-common's column kinds, table creation and evolution), {@code write} (Parquet data files
 * straight from Arrow vectors, position deletes and deletion vectors for given rows), {@code commit} (one Iceberg
 * commit per table, guarded by a compare-and-set of table properties). See the module README.
 */
package dev.ampconnect.sink.iceberg;
