package dev.ampconnect.testsupport;

/**
 * A test service could not be started or reached. The message lists every way that was tried and
 * why each failed, so a CI log alone tells the reader what to install or which variable to fix.
 */
public class ServiceStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ServiceStartException(String message) {
        super(message);
    }

    public ServiceStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
