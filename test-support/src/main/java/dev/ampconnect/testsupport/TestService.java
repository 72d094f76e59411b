package dev.ampconnect.testsupport;

import java.net.URI;

/**
 * A real service a test talks to: a database, a cache, a Kafka + Connect cluster. Each implementation
 * either owns what it started (a process on a free port, an in-JVM cluster) and stops it on
 * {@link #close()}, or points at an endpoint the environment provides (an {@code AMP_TEST_*} variable),
 * which it never stops.
 *
 * <p>How a service is obtained is decided once by a {@link ServiceCandidates} chain: the environment
 * override first, then local ways to start one, each tried in order; the first that works wins and
 * {@link #origin()} says which. Adding a store (ClickHouse, an Iceberg catalog, a Testcontainers-backed
 * variant where Docker exists) means one more implementation and one more candidate list; see the
 * package documentation.
 */
public interface TestService extends AutoCloseable {

    /** Short lower-case name used in logs and errors, e.g. {@code postgresql}. */
    String name();

    /** Where clients connect, e.g. {@code jdbc:postgresql://localhost:41234/postgres}. */
    URI endpoint();

    /** How this instance was obtained, e.g. {@code embedded PostgreSQL 18.6 (zonky) on port 41234}. */
    String origin();

    /**
     * Stops what this JVM started; leaves an environment-provided endpoint running. Idempotent, and
     * never throws: a service that cannot stop cleanly logs why.
     */
    @Override
    void close();
}
