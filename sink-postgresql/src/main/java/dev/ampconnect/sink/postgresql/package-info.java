/**
 * The PostgreSQL amp sink: {@link dev.ampconnect.sink.postgresql.AmpPostgresSinkConnector} over the
 * shared sink base. This package holds only the store: connections, table creation and type mapping,
 * binary COPY, the batch registry and offsets tables (written in the same transaction as the rows),
 * invalidation deletes and upsert pre-images.
 */
package dev.ampconnect.sink.postgresql;
