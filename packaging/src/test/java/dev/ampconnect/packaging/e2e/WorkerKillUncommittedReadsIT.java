package dev.ampconnect.packaging.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exactly-once source, but sinks reading {@code read_uncommitted} under kill -9: every transaction a kill leaves
 * open is aborted by the broker, yet its records have already reached the sinks, as have partial microbatches.
 * The rewind invalidation of the next source session must remove them: PostgreSQL and Redis still equal the
 * canonical chain ({@link WorkerKillScenario}, {@link KillSchedule}).
 */
class WorkerKillUncommittedReadsIT {

    @RegisterExtension
    static final PipelineExtension pipeline = CrashSettings.pipeline(PipelineExtension.builder()
                    .exactlyOnceSource(true)
                    .sinkIsolationLevel("read_uncommitted"))
            .build();

    @Test
    void abortedTransactionsSeenByUncommittedReadersLeaveNoRowBehind() {
        WorkerKillScenario.deployAndRun(pipeline, getClass().getSimpleName(), "required", "read_uncommitted");
    }
}
