package dev.ampconnect.testsupport;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * One way to obtain a {@link TestService}, e.g. "the endpoint in {@code AMP_TEST_REDIS_URL}" or
 * "{@code redis-server} on PATH". {@link ServiceCandidates} tries a list of them in order.
 *
 * @param <S> the service type this candidate yields
 */
public interface ServiceCandidate<S extends TestService> {

    /** What this candidate is, for logs and for the "what was tried" list of a start failure. */
    String description();

    /**
     * Why this candidate cannot even be tried here (variable unset, binary absent), or empty when it
     * can. Must be cheap and must not start anything.
     */
    Optional<String> unavailableBecause();

    /**
     * Whether, when available, this candidate is the only one to try. Environment overrides are: a
     * user who points tests at a server must see that server's error, not a silent fallback.
     */
    default boolean exclusive() {
        return false;
    }

    /** Starts or connects to the service, verifying it answers. */
    S start() throws Exception;

    /** A candidate built from its parts, for the common case of a lambda-based start. */
    static <S extends TestService> ServiceCandidate<S> of(String description,
                                                          Supplier<Optional<String>> unavailableBecause,
                                                          boolean exclusive,
                                                          Starter<S> starter) {
        return new ServiceCandidate<>() {
            @Override
            public String description() {
                return description;
            }

            @Override
            public Optional<String> unavailableBecause() {
                return unavailableBecause.get();
            }

            @Override
            public boolean exclusive() {
                return exclusive;
            }

            @Override
            public S start() throws Exception {
                return starter.start();
            }
        };
    }

    /** The start step of {@link #of}. */
    @FunctionalInterface
    interface Starter<S> {
        S start() throws Exception;
    }
}
