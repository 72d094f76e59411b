package dev.ampconnect.testsupport;

import java.util.function.Supplier;

/**
 * A {@link TestService} started at most once per JVM, on first use, and stopped at JVM exit: for
 * services that are cheap to share and expensive to start (a PostgreSQL server, a Redis server), while
 * each test class still gets its own database or a flushed keyspace. If the first start fails, every
 * later caller gets the same failure at once instead of waiting through the same attempts again.
 *
 * @param <S> the service type
 */
public final class SharedService<S extends TestService> {

    private final Supplier<S> starter;
    private S service;
    private RuntimeException failure;

    /** @param starter starts the service, typically {@code candidates::startFirstAvailable} */
    public SharedService(Supplier<S> starter) {
        this.starter = starter;
    }

    /** The running service, started now if this is the first call in this JVM. */
    public synchronized S get() {
        if (service != null) {
            return service;
        }
        if (failure != null) {
            throw failure;
        }
        try {
            S started = starter.get();
            ExitCleanup.register(started.name() + " (" + started.origin() + ")", started);
            service = started;
            return started;
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        }
    }
}
