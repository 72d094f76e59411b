package dev.ampconnect.packaging.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.ampconnect.packaging.cluster.ConnectWorkerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A two-worker Connect cluster (exactly-once source, read_committed sinks) while the chain grows and reorgs: the
 * worker running a source task, and then the worker running the transactions PostgreSQL sink task, is killed
 * with SIGKILL. The dead worker's tasks move to the survivor (REST status: RUNNING, survivor's worker id); the
 * killed worker is restarted to rejoin before the next kill. {@code amp.e2e.kills} (default 2) kills alternate
 * between the two targets; afterwards PostgreSQL and Redis hold exactly the canonical chain.
 */
class TaskMigrationIT {

    private static final Logger LOG = LoggerFactory.getLogger(TaskMigrationIT.class);
    private static final int DEFAULT_KILLS = 2;
    /** Alternating kill targets: the worker running this connector's task dies. */
    private static final List<String> TARGETS = List.of(PipelineConnectors.SOURCE_ROWS, PipelineConnectors.PG_ROWS);

    @RegisterExtension
    static final PipelineExtension pipeline = CrashSettings.pipeline(PipelineExtension.builder()
                    .workers(2)
                    .exactlyOnceSource(true)
                    .sinkIsolationLevel("read_committed"))
            .build();

    @Test
    void tasksOfAKilledWorkerMoveToTheSurvivorAndTheStoresStayCanonical() {
        PipelineConnectors connectors = PipelineConnectors.deployAll(pipeline);
        int kills = Integer.getInteger(KillSchedule.KILLS_PROPERTY, DEFAULT_KILLS);
        Duration timeout = CrashSettings.TIMEOUT;
        connectors.awaitSinksAtHead(timeout);
        pipeline.amp().chain().reorgEvery(WorkerKillScenario.REORG_EVERY, WorkerKillScenario.REORG_DEPTH);

        List<Migration> migrations = new ArrayList<>();
        try (ChainMiner miner = ChainMiner.start(pipeline.amp().chain(),
                Duration.ofMillis(WorkerKillScenario.BLOCK_INTERVAL_MS))) {
            Map<String, String> placement = PipelineTasks.awaitAllRunning(pipeline, connectors, null, timeout);
            for (int kill = 1; kill <= kills; kill++) {
                String target = TARGETS.get((kill - 1) % TARGETS.size());
                Migration migration = killWorkerOf(target, placement, connectors, timeout);
                migrations.add(migration);
                LOG.info("kill {} of {}: {}", kill, kills, migration);
                assertTrue(migration.moved().contains(target), migration::toString);
                assertFalse(migration.after().containsValue(migration.victim()), migration::toString);

                ConnectWorkerProcess victim = pipeline.cluster().workerWithId(migration.victim()).orElseThrow();
                victim.restart();
                placement = PipelineTasks.awaitAllRunning(pipeline, connectors, null, timeout);
                LOG.info("{} rejoined in {} ms; tasks now on {}", victim.name(),
                        victim.lastStartDuration().toMillis(), placement);
            }
        }
        long catchUpFrom = System.nanoTime();
        connectors.awaitSinksAtHead(timeout);
        connectors.awaitMatchesCanonicalChain(timeout);
        LOG.info("crash run: TaskMigrationIT: {} kills, {} reorgs, head {}, canonical rows: transactions={} blocks={},"
                        + " slowest migration {} ms, final catch-up {} ms", kills,
                pipeline.amp().chain().reorgs().size(), pipeline.amp().chain().head(),
                pipeline.amp().canonicalRows(PipelineStream.TRANSACTIONS.table()).size(),
                pipeline.amp().canonicalRows(PipelineStream.BLOCKS.table()).size(),
                migrations.stream().mapToLong(m -> m.took().toMillis()).max().orElse(0),
                (System.nanoTime() - catchUpFrom) / 1_000_000);
    }

    /**
     * One kill and where the tasks went.
     *
     * @param victim the killed worker's id
     * @param moved  connectors whose task ran on the victim
     * @param after  where every connector's task runs afterwards
     * @param took   from the kill until every task ran on the survivor
     */
    private record Migration(String victim, List<String> moved, Map<String, String> after, Duration took) {
    }

    private static Migration killWorkerOf(String target, Map<String, String> placement, PipelineConnectors connectors,
                                          Duration timeout) {
        String victimId = placement.get(target);
        ConnectWorkerProcess victim = pipeline.cluster().workerWithId(victimId).orElseThrow();
        List<String> moved = placement.entrySet().stream().filter(e -> e.getValue().equals(victimId))
                .map(Map.Entry::getKey).toList();
        long killedAt = System.nanoTime();
        victim.kill9();
        Map<String, String> after = PipelineTasks.awaitAllRunning(pipeline, connectors, victimId, timeout);
        for (String name : moved) {
            assertNotEquals(victimId, after.get(name), name + " still on the killed worker");
        }
        return new Migration(victimId, moved, after, Duration.ofNanos(System.nanoTime() - killedAt));
    }
}
