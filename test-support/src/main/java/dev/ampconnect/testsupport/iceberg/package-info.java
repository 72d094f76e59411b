/**
 * Iceberg catalogs for tests, each with a local file warehouse:
 * {@link dev.ampconnect.testsupport.iceberg.IcebergCatalogExtension#rest()} gives each test class a fresh
 * namespace in a REST catalog shared by the JVM (Iceberg's own REST catalog adapter and servlet, started
 * in-JVM on a free port, or the server in {@code AMP_TEST_ICEBERG_REST_URI});
 * {@link dev.ampconnect.testsupport.iceberg.IcebergCatalogExtension#jdbc()} gives it a JDBC catalog in a
 * fresh database of the test PostgreSQL. Both hand out the {@code iceberg.catalog.*} properties a connector
 * is configured with, so tests exercise catalogs exactly as users configure them.
 *
 * <p>Iceberg and Hadoop are optional dependencies of test-support: a module using this package declares
 * {@code iceberg-core}, {@code iceberg-core:tests} and Hadoop ({@code hadoop-common} and its few runtime jars) itself
 * (see sink-iceberg).
 */
package dev.ampconnect.testsupport.iceberg;
