package dev.ampconnect.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ServiceCandidatesTest {

    private final List<String> started = new ArrayList<>();

    @Test
    void firstAvailableCandidateThatStartsWins() {
        Endpoint expected = new Endpoint("second");
        ServiceCandidates<Endpoint> candidates = new ServiceCandidates<>("thing", List.of(
                unavailable("env", "AMP_TEST_THING_URL is not set"),
                failing("binary on PATH", false, new IOException("exec format error")),
                ServiceCandidate.of("bundled", Optional::empty, false, () -> record("bundled", expected)),
                ServiceCandidate.of("never reached", Optional::empty, false, () -> record("never", new Endpoint("x")))));

        assertSame(expected, candidates.startFirstAvailable());
        assertEquals(List.of("binary on PATH", "bundled"), started);
    }

    @Test
    void failureListsEveryCandidateWithItsReason() {
        IOException cause = new IOException("exec format error");
        ServiceCandidates<Endpoint> candidates = new ServiceCandidates<>("thing", List.of(
                unavailable("env", "AMP_TEST_THING_URL is not set"),
                failing("binary on PATH", false, cause)));

        ServiceStartException error = assertThrows(ServiceStartException.class, candidates::startFirstAvailable);

        assertEquals("cannot start test service thing; tried, in order:\n"
                + "  - env: skipped, AMP_TEST_THING_URL is not set\n"
                + "  - binary on PATH: failed, java.io.IOException: exec format error", error.getMessage());
        assertSame(cause, error.getCause());
    }

    @Test
    void exclusiveCandidateFailureDoesNotFallBack() {
        ServiceCandidates<Endpoint> candidates = new ServiceCandidates<>("thing", List.of(
                failing("env AMP_TEST_THING_URL", true, new IOException("connection refused")),
                ServiceCandidate.of("bundled", Optional::empty, false, () -> record("bundled", new Endpoint("b")))));

        ServiceStartException error = assertThrows(ServiceStartException.class, candidates::startFirstAvailable);

        assertTrue(error.getMessage().contains("env AMP_TEST_THING_URL: failed"), error.getMessage());
        assertEquals(List.of("env AMP_TEST_THING_URL"), started);
    }

    private ServiceCandidate<Endpoint> unavailable(String description, String reason) {
        return ServiceCandidate.of(description, () -> Optional.of(reason), false,
                () -> record(description, new Endpoint(description)));
    }

    private ServiceCandidate<Endpoint> failing(String description, boolean exclusive, Exception failure) {
        return ServiceCandidate.of(description, Optional::empty, exclusive, () -> {
            started.add(description);
            throw failure;
        });
    }

    private Endpoint record(String description, Endpoint endpoint) {
        started.add(description);
        return endpoint;
    }

    /** A service that only names itself: the chain's logic is under test, not a server. */
    private record Endpoint(String label) implements TestService {
        @Override
        public String name() {
            return "thing";
        }

        @Override
        public URI endpoint() {
            return URI.create("thing://" + label);
        }

        @Override
        public String origin() {
            return label;
        }

        @Override
        public void close() {
        }
    }
}
