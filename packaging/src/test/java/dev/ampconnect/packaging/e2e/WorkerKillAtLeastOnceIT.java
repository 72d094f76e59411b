package dev.ampconnect.packaging.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At-least-once source under kill -9: the worker runs without exactly-once source support, so every kill re-sends
 * what was produced after the last flushed source offset, and the sinks read {@code read_uncommitted}. Only the
 * contract (a rewind invalidation at every session start) and the sinks' batch registry keep the stores exact. The one worker process is killed at random points of a live, reorging chain
 * ({@link KillSchedule}: {@code amp.e2e.kills}, default 5, some kills followed by a reorg while the worker is
 * down) and restarted each time; afterwards PostgreSQL and Redis hold exactly the canonical chain
 * ({@link WorkerKillScenario}).
 */
class WorkerKillAtLeastOnceIT {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerKillAtLeastOnceIT.class);

    @RegisterExtension
    static final PipelineExtension pipeline = CrashSettings.pipeline(PipelineExtension.builder()
                    .exactlyOnceSource(false)
                    .sinkIsolationLevel("read_uncommitted"))
            .build();

    @Test
    void killedAndRestartedWorkerLosesAndDuplicatesNoRowWithAtLeastOnceSourceAndUncommittedReads() {
        PipelineConnectors connectors = PipelineConnectors.deployAll(pipeline);
        assertNull(pipeline.rest().connectorConfig(PipelineConnectors.SOURCE_ROWS)
                .get("exactly.once.support"));
        assertEquals("read_uncommitted", pipeline.rest().connectorConfig(PipelineConnectors.PG_ROWS)
                .get("consumer.override.isolation.level"));
        KillSchedule schedule = KillSchedule.fromSystemProperties(getClass().getSimpleName());

        WorkerKillScenario.Figures figures = WorkerKillScenario.run(pipeline, connectors, schedule,
                CrashSettings.TIMEOUT);

        LOG.info("crash run: {} seed {}: {}", getClass().getSimpleName(), schedule.seed(), figures);
        assertTrue(figures.reorgsWhileDown() >= 1, figures::toString);
    }
}
