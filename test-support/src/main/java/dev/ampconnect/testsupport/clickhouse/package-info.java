/**
 * ClickHouse for tests: {@link dev.ampconnect.testsupport.clickhouse.ClickHouseExtension} gives each test class an
 * empty {@link dev.ampconnect.testsupport.clickhouse.ClickHouseDatabase} on a server shared by the JVM:
 * {@code AMP_TEST_CLICKHOUSE_URL} if set, else a Testcontainers clickhouse-server where Docker answers, else the
 * chdb front end (the ClickHouse engine of the npm package {@code chdb} behind a small HTTP server run by node,
 * installed on first use by {@link dev.ampconnect.testsupport.clickhouse.ChdbInstallation}). test-support/README.md
 * lists what the front end answers and its limits.
 */
package dev.ampconnect.testsupport.clickhouse;
