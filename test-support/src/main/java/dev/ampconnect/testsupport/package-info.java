/**
 * Real services for integration tests, started and stopped by JUnit 5 extensions, on free local
 * ports: PostgreSQL ({@code postgres}), Redis ({@code redis}), ClickHouse ({@code clickhouse}), Kafka + Connect
 * ({@code connect}), a plain Kafka broker ({@code kafka}).
 *
 * <h2>The pattern every service follows</h2>
 * <ul>
 *   <li>A {@link dev.ampconnect.testsupport.TestService} implementation: the running service, what it
 *       {@code endpoint()} is, its {@code origin()} (how it was obtained), and a {@code close()} that
 *       stops only what this JVM started.</li>
 *   <li>An ordered list of {@link dev.ampconnect.testsupport.ServiceCandidate}s in a
 *       {@link dev.ampconnect.testsupport.ServiceCandidates}: first the
 *       {@link dev.ampconnect.testsupport.EnvironmentOverride} ({@code AMP_TEST_<SERVICE>_URL}, exclusive:
 *       no silent fallback when it is set), then a Testcontainers candidate guarded by
 *       {@link dev.ampconnect.testsupport.containers.DockerEngine} (skipped at once without Docker), then local
 *       ways to start one, cheapest first.</li>
 *   <li>A {@link dev.ampconnect.testsupport.SharedService} when one server per JVM is cheap to share
 *       (databases), giving each class its own database or keyspace; else one instance per class.</li>
 *   <li>A {@link dev.ampconnect.testsupport.ClassResourceExtension} subclass that opens the per-class
 *       handle in {@code beforeAll}, closes it in {@code afterAll}, and injects it as a parameter.</li>
 *   <li>Everything started registers with {@link dev.ampconnect.testsupport.ExitCleanup}, so nothing
 *       outlives the JVM even when {@code afterAll} never runs.</li>
 * </ul>
 * An Iceberg catalog is added the same way; see {@code test-support/README.md}.
 */
package dev.ampconnect.testsupport;
