package dev.ampconnect.packaging.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.ampconnect.packaging.rest.ConnectRestClient;
import dev.ampconnect.packaging.rest.ConnectorStatus;
import dev.ampconnect.simulator.AmpSimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end-to-end benchmark's runs on a running broker and Connect cluster: the source alone filling a topic, a
 * sink alone draining a filled topic, and the whole path (source and sink together, a backfill and then a live
 * tail). Connectors are created paused and resumed together, so the clock starts at the resume: it includes the
 * tasks' start (Connect starts a paused connector's tasks only then) but not the connector's creation and the
 * rebalance it causes. A run ends when the store shows the head block complete (polled every few milliseconds). Each run reports rows/s, the
 * topic's bytes, CPU seconds per process and the worker's heap (its GC log).
 *
 * <p>Used by the benchmarks module (millions of rows, with the stores' own ceilings) and by packaging's smoke test
 * (a few thousand rows, asserting only that the store equals the chain).
 */
public final class PipelineBench {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineBench.class);
    private static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(120);
    private static final long POLL_MILLIS = 5;

    private final ConnectRestClient rest;
    private final BenchTopics topics;
    private final CpuMeter cpu;
    private final GcLog workerGc;
    private final Duration runTimeout;

    /**
     * @param rest       a worker's REST API
     * @param topics     the broker's topics
     * @param cpu        the processes whose CPU time is reported
     * @param workerGc   the worker's GC log, or null
     * @param runTimeout how long one timed part may take before the run fails
     */
    public PipelineBench(ConnectRestClient rest, BenchTopics topics, CpuMeter cpu, GcLog workerGc, Duration runTimeout) {
        this.rest = rest;
        this.topics = topics;
        this.cpu = cpu;
        this.workerGc = workerGc;
        this.runTimeout = runTimeout;
    }

    /** The live part of an end-to-end run: {@code blocks} blocks mined one every {@code interval}. */
    public record LiveTail(int blocks, Duration interval) {
        public static final LiveTail NONE = new LiveTail(0, Duration.ZERO);
    }

    /**
     * The source alone: streams {@code amp}'s chain up to {@code head} into {@code topic} (created here, kept for
     * {@link #drain}). Wall time ends when the head's watermark is in the topic (checked every 100 ms); the note holds the
     * source's rate from the broker timestamps of its first data record and the head's watermark.
     */
    public PhaseResult sourceAlone(String label, String connector, Map<String, String> sourceConfig, String stream,
                                   String topic, long head, long rows) {
        topics.create(topic);
        createPaused(connector, sourceConfig);
        Timed timed = start(List.of(connector));
        awaitFor("source " + connector + " at block " + head, () -> topics.endsWithWatermarkOf(topic, head), 100, connector);
        PhaseResult result = timed.finish(label, rows, topics.sizeBytes(topic), null);
        rest.deleteConnector(connector);
        long[] span = topics.dataSpanMillis(topic, head);
        double seconds = Math.max(1, span[1] - span[0]) / 1000.0;
        return result.withNote(String.format(Locale.ROOT, "source's own rate (record timestamps, first data -> head watermark)"
                + " %.1f s = %,.0f rows/s", seconds, rows / seconds));
    }

    /**
     * A sink alone draining the filled {@code topic} into {@code table} of {@code target}; ends when the store shows
     * block {@code head} complete. The connector is deleted afterwards; the table stays (the caller's ceilings read
     * it, then {@link SinkTarget#drop}).
     */
    public PhaseResult drain(String label, String connector, Map<String, String> sinkConfig, SinkTarget target,
                             String table, long head, long rows) {
        createPaused(connector, sinkConfig);
        Timed timed = start(List.of(connector));
        awaitFor(target.name() + " sink " + connector + " at block " + head, () -> visible(target, connector, table) >= head,
                POLL_MILLIS, connector);
        String topic = sinkConfig.get("topics");
        PhaseResult result = timed.finish(label, rows, topic == null ? 0 : topics.sizeBytes(topic), null);
        rest.deleteConnector(connector);
        return result;
    }

    /**
     * The whole path: the source and the sink resumed together on an empty {@code topic} (created here); the backfill
     * ends when the store shows {@code head}; then {@code tail} blocks are mined and each block's latency measured,
     * from the moment it was produced to the moment the store showed it complete. Returns the backfill's result
     * with the latencies. Connectors are deleted afterwards; the topic and the table stay.
     */
    public PhaseResult endToEnd(String label, AmpSimulator amp, String source, Map<String, String> sourceConfig,
                                String sink, Map<String, String> sinkConfig, SinkTarget target, String topic, String table,
                                long rowsPerBlock, LiveTail tail) {
        long head = amp.chain().head();
        long rows = (head + 1) * rowsPerBlock;
        topics.create(topic);
        createPaused(source, sourceConfig);
        createPaused(sink, sinkConfig);
        Timed timed = start(List.of(source, sink));
        awaitFor(target.name() + " sink " + sink + " at block " + head, () -> visible(target, sink, table) >= head,
                POLL_MILLIS, source, sink);
        PhaseResult result = timed.finish(label, rows, topics.sizeBytes(topic), null);
        if (tail.blocks() > 0) {
            result = new PhaseResult(result.label(), result.rows(), result.seconds(), result.bytes(), result.cpuSeconds(),
                    result.heap(), liveTail(amp, target, sink, table, tail, source, sink), result.note());
        }
        rest.deleteConnector(sink);
        rest.deleteConnector(source);
        return result;
    }

    private LatencyStats liveTail(AmpSimulator amp, SinkTarget target, String sink, String table, LiveTail tail,
                                  String... connectors) {
        Map<Long, Long> producedAt = new ConcurrentHashMap<>();
        List<Double> latencies = new ArrayList<>();
        AtomicBoolean mining = new AtomicBoolean(true);
        AtomicLong lastMined = new AtomicLong(amp.chain().head());
        Thread miner = new Thread(() -> {
            try {
                long next = System.nanoTime();
                for (int i = 0; i < tail.blocks(); i++) {
                    // the only miner: the next block's number is known before it exists
                    long block = amp.chain().head() + 1;
                    producedAt.put(block, System.nanoTime());
                    amp.chain().mine(1);
                    lastMined.set(block);
                    next += tail.interval().toNanos();
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                mining.set(false);
            }
        }, "bench-miner");
        long seen = visible(target, sink, table);
        long finalHead = lastMined.get() + tail.blocks();
        miner.start();
        long deadline = System.nanoTime() + runTimeout.toNanos();
        while (seen < finalHead) {
            if (System.nanoTime() > deadline) {
                miner.interrupt();
                throw new IllegalStateException("live tail: the store shows block " + seen + ", the chain is at "
                        + lastMined.get() + " after " + runTimeout.toSeconds() + " s" + failures(connectors));
            }
            long now = visible(target, sink, table);
            long at = System.nanoTime();
            for (long block = seen + 1; block <= now; block++) {
                Long produced = producedAt.get(block);
                if (produced != null) {
                    latencies.add((at - produced) / 1e6);
                }
            }
            seen = Math.max(seen, now);
            pause();
        }
        try {
            miner.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LatencyStats stats = LatencyStats.of(latencies);
        LOG.info("live tail of {} blocks every {} ms: {}", tail.blocks(), tail.interval().toMillis(), stats.describe());
        return stats;
    }

    private void createPaused(String connector, Map<String, String> config) {
        rest.createConnector(connector, config, "PAUSED");
        int tasks = Integer.parseInt(config.getOrDefault("tasks.max", "1"));
        long deadline = System.nanoTime() + DEPLOY_TIMEOUT.toNanos();
        while (true) {
            ConnectorStatus status = statusOrNull(connector);
            if (status != null && status.hasFailure()) {
                throw new IllegalStateException("connector " + connector + " failed:\n" + status.failureTraces());
            }
            // a connector created PAUSED starts its tasks only when resumed (Connect 4.3 lists none until then)
            if (status != null && "PAUSED".equals(status.state()) && status.tasks().size() <= tasks
                    && status.tasks().stream().allMatch(t -> "PAUSED".equals(t.state()))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("connector " + connector + " not PAUSED with " + tasks + " task(s) after "
                        + DEPLOY_TIMEOUT.toSeconds() + " s: " + status);
            }
            sleep(100);
        }
    }

    private Timed start(List<String> connectors) {
        Map<String, Double> before = cpu.read();
        long gcMark = workerGc == null ? 0 : workerGc.mark();
        long started = System.nanoTime();
        connectors.forEach(rest::resume);
        return new Timed(started, before, gcMark);
    }

    /** The clock and counters of one timed part. */
    private final class Timed {
        private final long started;
        private final Map<String, Double> cpuBefore;
        private final long gcMark;

        Timed(long started, Map<String, Double> cpuBefore, long gcMark) {
            this.started = started;
            this.cpuBefore = cpuBefore;
            this.gcMark = gcMark;
        }

        PhaseResult finish(String label, long rows, long bytes, LatencyStats latency) {
            double seconds = (System.nanoTime() - started) / 1e9;
            Map<String, Double> spent = CpuMeter.spent(cpuBefore, cpu.read());
            GcLog.Summary heap = workerGc == null ? null : workerGc.since(gcMark);
            PhaseResult result = new PhaseResult(label, rows, seconds, bytes, spent, heap, latency, "");
            LOG.info("{}", result.describe());
            return result;
        }
    }

    private void awaitFor(String what, java.util.function.BooleanSupplier done, long pollMillis, String... connectors) {
        long deadline = System.nanoTime() + runTimeout.toNanos();
        long nextStatusCheck = System.nanoTime();
        while (!done.getAsBoolean()) {
            long now = System.nanoTime();
            if (now > deadline) {
                throw new IllegalStateException("timed out after " + runTimeout.toSeconds() + " s waiting for " + what
                        + failures(connectors));
            }
            if (now >= nextStatusCheck) {
                // a failed task would otherwise only show as a timeout
                String failures = failures(connectors);
                if (!failures.isEmpty()) {
                    throw new IllegalStateException("gave up waiting for " + what + failures);
                }
                nextStatusCheck = now + Duration.ofSeconds(2).toNanos();
            }
            sleep(pollMillis);
        }
    }

    private String failures(String... connectors) {
        StringBuilder out = new StringBuilder();
        for (String connector : connectors) {
            ConnectorStatus status = statusOrNull(connector);
            if (status != null && status.hasFailure()) {
                out.append("\n").append(connector).append(" failed:\n").append(status.failureTraces());
            }
        }
        return out.toString();
    }

    private ConnectorStatus statusOrNull(String connector) {
        try {
            return rest.status(connector);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static long visible(SinkTarget target, String connector, String table) {
        OptionalLong head = target.visibleHead(connector, table);
        return head.isPresent() ? head.getAsLong() : -1;
    }

    private static void pause() {
        sleep(POLL_MILLIS);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
