package dev.ampconnect.sink.iceberg.commit;

/**
 * A commit's precondition on a table property no longer holds (another task raised the epoch, or changed the
 * guarded value): the commit was refused and nothing of it is visible. Never retried as is.
 */
public final class FencedCommitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FencedCommitException(String message) {
        super(message);
    }
}
