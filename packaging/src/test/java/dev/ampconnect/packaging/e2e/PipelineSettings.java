package dev.ampconnect.packaging.e2e;

import java.net.URI;

import dev.ampconnect.testsupport.clickhouse.ClickHouseDatabase;
import dev.ampconnect.testsupport.postgres.PostgresDatabase;
import dev.ampconnect.testsupport.redis.RedisServer;

/**
 * What the connector configs of one pipeline depend on: the simulator's address, the workers' exactly-once
 * setting, the sinks' consumer isolation level and the stores (ClickHouse and Iceberg {@code null} when the
 * pipeline has none).
 */
record PipelineSettings(URI ampUri, boolean exactlyOnceSource, String sinkIsolationLevel, PostgresDatabase postgres,
                        RedisServer redis, ClickHouseDatabase clickHouse, PipelineIceberg iceberg) {
}
