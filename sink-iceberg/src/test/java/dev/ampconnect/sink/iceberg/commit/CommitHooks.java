package dev.ampconnect.sink.iceberg.commit;

/** Test access to {@link TableCommit}'s hook between building a commit and sending it. */
public final class CommitHooks {

    private CommitHooks() {
    }

    /** Runs {@code hook} after {@code commit} passed its checks and before it reaches the catalog. */
    public static void beforeCommit(TableCommit commit, Runnable hook) {
        commit.beforeCommit(hook);
    }

    /** Runs {@code hook} once the catalog accepted {@code commit}, before its caller learns it (a lost reply). */
    public static void afterCommit(TableCommit commit, Runnable hook) {
        commit.afterCommit(hook);
    }
}
