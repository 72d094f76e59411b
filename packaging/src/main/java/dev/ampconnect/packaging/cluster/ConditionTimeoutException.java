package dev.ampconnect.packaging.cluster;

/** A condition {@link Await} waited for did not come true in time, or became impossible. */
public final class ConditionTimeoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ConditionTimeoutException(String message, Throwable lastFailure) {
        super(message, lastFailure);
    }
}
