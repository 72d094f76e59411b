/**
 * PostgreSQL for tests: {@link dev.ampconnect.testsupport.postgres.PostgresExtension} gives each test
 * class a fresh {@link dev.ampconnect.testsupport.postgres.PostgresDatabase} on a server shared by the
 * JVM: {@code AMP_TEST_PG_URL} if set, else embedded PostgreSQL 18 binaries from Maven.
 * {@link dev.ampconnect.testsupport.postgres.RestartablePostgres} is a server of a test's own that it can
 * stop and start again (same port, same data) to play a database outage.
 */
package dev.ampconnect.testsupport.postgres;
