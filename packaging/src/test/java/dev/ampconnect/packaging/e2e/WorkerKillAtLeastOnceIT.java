package dev.ampconnect.packaging.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * At-least-once source under kill -9: the worker runs without exactly-once source support, so every kill re-sends
 * what was produced after the last flushed source offset, and the sinks read {@code read_uncommitted}. Only the
 * contract (a rewind invalidation at every session start) and the sinks' batch registry keep PostgreSQL and Redis
 * equal to the canonical chain ({@link WorkerKillScenario}, {@link KillSchedule}).
 */
class WorkerKillAtLeastOnceIT {

    @RegisterExtension
    static final PipelineExtension pipeline = CrashSettings.pipeline(PipelineExtension.builder()
                    .exactlyOnceSource(false)
                    .sinkIsolationLevel("read_uncommitted"))
            .build();

    @Test
    void killedAndRestartedWorkerLosesAndDuplicatesNoRowWithAtLeastOnceSourceAndUncommittedReads() {
        WorkerKillScenario.deployAndRun(pipeline, getClass().getSimpleName(), null, "read_uncommitted");
    }
}
