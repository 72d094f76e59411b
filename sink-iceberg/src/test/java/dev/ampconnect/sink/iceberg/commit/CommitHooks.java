package dev.ampconnect.sink.iceberg.commit;

/** Test access to {@link TableCommit}'s hook between building a commit and sending it. */
public final class CommitHooks {

    private CommitHooks() {
    }

    /** Runs {@code hook} after {@code commit} passed its checks and before it reaches the catalog. */
    public static void beforeCommit(TableCommit commit, Runnable hook) {
        commit.beforeCommit(hook);
    }
}
