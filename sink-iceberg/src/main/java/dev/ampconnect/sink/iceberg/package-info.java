/**
 * The Apache Iceberg sink's building blocks (issue 13, phase 1: everything that does not depend on the sink
 * base's store SPI): {@link dev.ampconnect.sink.iceberg.IcebergSinkConfig} (the {@code iceberg.*} keys, catalog
 * properties passed through under {@code iceberg.catalog.*} as Iceberg's own Kafka Connect sink does) and
 * {@link dev.ampconnect.sink.iceberg.CatalogLoader}; {@code schema} (Arrow -> Iceberg types, table creation and
 * evolution); {@code write} (Parquet data files straight from Arrow vectors, position deletes and deletion
 * vectors for given rows); {@code commit} (one Iceberg commit per table carrying files, deletes, summary and
 * table properties, guarded by a compare-and-set epoch). See the module README.
 */
package dev.ampconnect.sink.iceberg;
