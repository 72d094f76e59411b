package dev.ampconnect.packaging.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exactly-once source under kill -9: the worker runs {@code exactly.once.source.support=enabled}, both sources
 * {@code exactly.once.support=required} with connector-defined transactions, the sinks read
 * {@code read_committed}. Besides PostgreSQL and Redis, this scenario runs the ClickHouse sink (IDEMPOTENT commit
 * scope) and two Iceberg sinks (TABLE scope; REST catalog and JDBC catalog) in the same worker. The one worker
 * process is killed at random points of a live, reorging chain ({@link KillSchedule}: {@code amp.e2e.kills},
 * default 5, some kills followed by a reorg while the worker is down) and restarted each time; afterwards every
 * store holds exactly the canonical chain ({@link WorkerKillScenario}).
 */
class WorkerKillExactlyOnceIT {

    @RegisterExtension
    static final PipelineExtension pipeline = CrashSettings.pipeline(PipelineExtension.builder()
                    .exactlyOnceSource(true)
                    .sinkIsolationLevel("read_committed")
                    .withClickHouse()
                    .withIceberg())
            .build();

    @Test
    void killedAndRestartedWorkerLosesAndDuplicatesNoRowWithExactlyOnceSource() {
        WorkerKillScenario.deployAndRun(pipeline, getClass().getSimpleName(), "required", "read_committed");
    }
}
