/**
 * PostgreSQL for tests: {@link dev.ampconnect.testsupport.postgres.PostgresExtension} gives each test
 * class a fresh {@link dev.ampconnect.testsupport.postgres.PostgresDatabase} on a server shared by the
 * JVM: {@code AMP_TEST_PG_URL} if set, else embedded PostgreSQL 18 binaries from Maven.
 */
package dev.ampconnect.testsupport.postgres;
