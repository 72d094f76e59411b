package dev.ampconnect.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ordered list of ways to obtain one service; {@link #startFirstAvailable()} returns the first that
 * works. An unavailable candidate is skipped with its reason; a failing one is recorded and the next
 * is tried, except after an {@link ServiceCandidate#exclusive() exclusive} one, whose failure is final.
 *
 * @param <S> the service type
 */
public final class ServiceCandidates<S extends TestService> {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceCandidates.class);

    private final String serviceName;
    private final List<ServiceCandidate<S>> candidates;

    /**
     * @param serviceName what the candidates provide, e.g. {@code redis}, used in errors
     * @param candidates  in the order to try them
     */
    public ServiceCandidates(String serviceName, List<ServiceCandidate<S>> candidates) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no candidates for test service " + serviceName);
        }
        this.serviceName = serviceName;
        this.candidates = List.copyOf(candidates);
    }

    /**
     * Starts the first candidate that works and logs which one it was.
     *
     * @throws ServiceStartException naming every candidate and why it was skipped or failed
     */
    public S startFirstAvailable() {
        List<String> tried = new ArrayList<>();
        Throwable firstFailure = null;
        for (ServiceCandidate<S> candidate : candidates) {
            Optional<String> unavailable = candidate.unavailableBecause();
            if (unavailable.isPresent()) {
                tried.add(candidate.description() + ": skipped, " + unavailable.get());
                continue;
            }
            try {
                S service = candidate.start();
                LOG.info("amp test service: {} = {} at {}", serviceName, service.origin(), service.endpoint());
                return service;
            } catch (Exception | LinkageError e) {
                tried.add(candidate.description() + ": failed, " + describe(e));
                if (firstFailure == null) {
                    firstFailure = e;
                }
                if (candidate.exclusive()) {
                    tried.add("nothing else tried: an explicitly configured endpoint must work, no silent fallback");
                    break;
                }
            }
        }
        throw new ServiceStartException("cannot start test service " + serviceName
                + "; tried, in order:\n  - " + String.join("\n  - ", tried), firstFailure);
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.toString());
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append(" <- ").append(cause);
        }
        return text.toString();
    }
}
