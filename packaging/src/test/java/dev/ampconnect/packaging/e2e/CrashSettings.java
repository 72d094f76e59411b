package dev.ampconnect.packaging.e2e;

import java.time.Duration;

/**
 * The pipeline settings of the crash tests, over {@link PipelineExtension}'s: what a kill -9 leaves behind is
 * cleaned up by the broker after seconds instead of the client defaults' minute, so a CI run can afford several
 * kills.
 */
final class CrashSettings {

    /** Every wait of a crash test: a worker restart plus a rebalance on a loaded two-core machine. */
    static final Duration TIMEOUT = Duration.ofSeconds(180);

    private CrashSettings() {
    }

    /** {@code builder} with the crash tests' worker properties and a small simulator chain. */
    static PipelineExtension.Builder pipeline(PipelineExtension.Builder builder) {
        return builder
                // a killed worker's sink consumers stay group members until their session times out (45 s by
                // default); meanwhile the group cannot rebalance and the restarted sinks do not get their partitions
                .workerProperty("consumer.session.timeout.ms", "6000")
                .workerProperty("consumer.heartbeat.interval.ms", "1000")
                // an open source transaction of a killed worker holds back read_committed sinks until the broker
                // aborts it: after the transaction timeout (60 s by default) unless a new producer fences it
                // first; the source's transaction.max.ms (5 s) stays under half of it
                .workerProperty("producer.transaction.timeout.ms", "12000")
                .simulator(b -> b.initialHead(WorkerKillScenario.INITIAL_HEAD));
    }
}
