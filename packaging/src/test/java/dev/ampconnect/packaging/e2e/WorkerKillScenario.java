package dev.ampconnect.packaging.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.ampconnect.packaging.cluster.Await;
import dev.ampconnect.packaging.cluster.ConnectWorkerProcess;
import dev.ampconnect.simulator.chain.SyntheticChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crash scenario of {@link WorkerKillExactlyOnceIT} and {@link WorkerKillAtLeastOnceIT} over
 * {@link PipelineConnectors}' connectors (five, or eight with ClickHouse and Iceberg) on ONE worker process:
 *
 * <ol>
 *   <li>the sinks catch up with the backfill;</li>
 *   <li>a {@link ChainMiner} mines a block every {@value #BLOCK_INTERVAL_MS} ms, and the chain reorgs
 *       {@value #REORG_DEPTH} blocks whenever its head reaches a multiple of {@value #REORG_EVERY};</li>
 *   <li>for every {@link KillSchedule.Kill}: wait until the chain has grown by its number of blocks since the
 *       pipeline ran again, {@code kill -9} the worker, for some kills wait until no client streams from the
 *       simulator any more and reorg the chain (a reorg while the worker is down), restart the worker and wait until
 *       every task runs and both sources stream again;</li>
 *   <li>stop mining; every sink reaches the head, and every store (PostgreSQL's two tables, Redis, and ClickHouse and
 *       both Iceberg tables where deployed) equals the canonical chain:
 *       no row lost, none duplicated, no row of a dead fork left.</li>
 * </ol>
 */
final class WorkerKillScenario {

    static final long INITIAL_HEAD = 40;
    static final long BLOCK_INTERVAL_MS = 300;
    static final long REORG_EVERY = 9;
    static final int REORG_DEPTH = 3;

    private static final Logger LOG = LoggerFactory.getLogger(WorkerKillScenario.class);

    /** What one run did: for the log, the README and the soak script's summary. */
    record Figures(int kills, long reorgsWhileDown, int reorgs, long head, int transactionRows, int blockRows,
                   Duration slowestRecovery, Duration catchUp, Duration total) {
        @Override
        public String toString() {
            return kills + " kills (" + reorgsWhileDown + " with a reorg while the worker was down), " + reorgs
                    + " reorgs in all, head " + head + ", canonical rows: transactions=" + transactionRows
                    + " blocks=" + blockRows + ", slowest kill-to-running " + slowestRecovery.toMillis()
                    + " ms, final catch-up " + catchUp.toMillis() + " ms, whole scenario " + total.toMillis() + " ms";
        }
    }

    private WorkerKillScenario() {
    }

    /**
     * What each kill test does: deploys {@link PipelineConnectors}' connectors through REST, checks that the
     * worker and connector settings under test are in effect, runs the scenario with the
     * {@link KillSchedule#fromSystemProperties system properties'} kills, and logs the figures ({@code crash run:}).
     *
     * @param exactlyOnceSupport the sources' expected {@code exactly.once.support} (null: not set)
     * @param isolationLevel     the sinks' expected {@code consumer.override.isolation.level}
     */
    static Figures deployAndRun(PipelineExtension pipeline, String test, String exactlyOnceSupport,
                                String isolationLevel) {
        PipelineConnectors connectors = PipelineConnectors.deployAll(pipeline);
        for (String source : List.of(PipelineConnectors.SOURCE_ROWS, PipelineConnectors.SOURCE_ARROW)) {
            assertEquals(exactlyOnceSupport, pipeline.rest().connectorConfig(source).get("exactly.once.support"),
                    source);
        }
        for (String sink : connectors.sinks()) {
            assertEquals(isolationLevel, pipeline.rest().connectorConfig(sink).get("consumer.override.isolation.level"),
                    sink);
        }
        KillSchedule schedule = KillSchedule.fromSystemProperties(test);

        Figures figures = run(pipeline, connectors, schedule, CrashSettings.TIMEOUT);

        LOG.info("crash run: {} seed {}: {}", test, schedule.seed(), figures);
        assertTrue(figures.reorgsWhileDown() >= 1, figures::toString);
        return figures;
    }

    /** Runs the scenario (class comment) against the deployed {@code connectors}; the stores match the chain after it. */
    static Figures run(PipelineExtension pipeline, PipelineConnectors connectors, KillSchedule schedule,
                       Duration timeout) {
        long started = System.nanoTime();
        SyntheticChain chain = pipeline.amp().chain();
        ConnectWorkerProcess worker = pipeline.cluster().worker(0);
        connectors.awaitSinksAtHead(timeout);
        chain.reorgEvery(REORG_EVERY, REORG_DEPTH);

        List<Duration> recoveries = new ArrayList<>();
        try (ChainMiner miner = ChainMiner.start(chain, Duration.ofMillis(BLOCK_INTERVAL_MS))) {
            for (KillSchedule.Kill kill : schedule.kills()) {
                long from = chain.head();
                Await.until("the chain growing " + kill.blocksBeforeKill() + " blocks past " + from + " before kill "
                        + kill.number(), timeout, () -> chain.head() >= from + kill.blocksBeforeKill(),
                        connectors::failure);
                long killedAt = System.nanoTime();
                worker.kill9();
                if (kill.reorgsWhileDown()) {
                    // the reorg must happen while nobody streams: the source can only learn of it from its offsets
                    Await.until("no client streaming from the simulator after kill " + kill.number(), timeout,
                            () -> pipeline.amp().activeStreams() == 0);
                    var reorg = chain.reorg(kill.reorgDepthWhileDown());
                    LOG.info("kill {}: reorg while the worker is down: {}", kill.number(), reorg);
                }
                worker.restart();
                PipelineTasks.awaitAllRunning(pipeline, connectors, null, timeout);
                Duration recovery = Duration.ofNanos(System.nanoTime() - killedAt);
                recoveries.add(recovery);
                LOG.info("kill {} of {} at head {}: pipeline running again after {} ms (worker start {} ms)",
                        kill.number(), schedule.kills().size(), chain.head(), recovery.toMillis(),
                        worker.lastStartDuration().toMillis());
            }
            LOG.info("stopping the chain after {} mined blocks", miner.mined());
        }
        long catchUpFrom = System.nanoTime();
        connectors.awaitSinksAtHead(timeout);
        connectors.awaitMatchesCanonicalChain(timeout);
        Duration catchUp = Duration.ofNanos(System.nanoTime() - catchUpFrom);
        return new Figures(schedule.kills().size(), schedule.reorgsWhileDown(), chain.reorgs().size(), chain.head(),
                pipeline.amp().canonicalRows(PipelineStream.TRANSACTIONS.table()).size(),
                pipeline.amp().canonicalRows(PipelineStream.BLOCKS.table()).size(),
                recoveries.stream().max(Duration::compareTo).orElse(Duration.ZERO), catchUp,
                Duration.ofNanos(System.nanoTime() - started));
    }
}
