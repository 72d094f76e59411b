package dev.ampconnect.packaging.rest;

/** The Connect REST API answered a request with an error status. */
public final class ConnectRestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    ConnectRestException(String method, String uri, int status, String body) {
        super(method + " " + uri + " answered " + status + ": " + body);
        this.status = status;
    }

    /** The HTTP status code. */
    public int status() {
        return status;
    }
}
