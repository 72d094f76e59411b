package dev.ampconnect.benchmarks.e2e;

import dev.ampconnect.packaging.bench.RecordPath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one end-to-end benchmark run does, from {@code bench.e2e.*} system properties (benchmarks/pom.xml passes
 * them from the Maven command line; BENCHMARKS.md "End to end").
 *
 * @param rows          rows backfilled ({@code transactions}, 200 per block)
 * @param warmupRows    rows of the unreported warm-up (every path through the source and every sink), 0: none
 * @param paths         record paths ({@code rows+json}, {@code arrow})
 * @param stores        stores ({@code postgresql}, {@code redis})
 * @param phases        parts: {@code source} (source alone + plain Flight client), {@code drain} (each sink draining
 *                      the filled topic + the store's own bulk load), {@code discard} (a discarding sink draining it),
 *                      {@code e2e} (source and sink together, backfill then live tail)
 * @param tailBlocks    live blocks after each end-to-end backfill
 * @param tailInterval  one live block every
 * @param workerCpus    {@code taskset} CPU list of the worker (empty: not pinned)
 * @param otherCpus     {@code taskset} CPU list of the broker, the stores and this JVM (empty: not pinned)
 * @param jfr           a JFR recording of the worker per timed part
 * @param sinkProps     extra sink settings
 * @param sourceProps   extra source settings
 * @param query         the source's query
 * @param work          scratch directory (process logs, JFR files, the report)
 * @param pluginJar     this module's jar (the discarding sink, installed into plugin.path)
 */
record E2eSettings(long rows, long warmupRows, List<RecordPath> paths, List<String> stores, List<String> phases, int tailBlocks,
                   Duration tailInterval, String workerCpus, String otherCpus, boolean jfr, Map<String, String> sinkProps,
                   Map<String, String> sourceProps, String query, Path work, Path pluginJar) {

    static final int TX_PER_BLOCK = 200;

    static E2eSettings fromSystemProperties() {
        return new E2eSettings(
                Long.getLong("bench.e2e.rows", 1_000_000),
                Long.getLong("bench.e2e.warmup.rows", 100_000),
                list("bench.e2e.paths", "rows+json,arrow").stream().map(RecordPath::named).toList(),
                list("bench.e2e.stores", "postgresql,redis"),
                list("bench.e2e.phases", "source,drain,discard,e2e"),
                Integer.getInteger("bench.e2e.tail.blocks", 40),
                Duration.ofMillis(Long.getLong("bench.e2e.tail.interval.ms", 250)),
                System.getProperty("bench.e2e.worker.cpus", "").trim(),
                System.getProperty("bench.e2e.other.cpus", "").trim(),
                Boolean.getBoolean("bench.e2e.jfr"),
                props("bench.e2e.sink.props"),
                props("bench.e2e.source.props"),
                System.getProperty("bench.e2e.query", "SELECT * FROM \"edgeandnode/ethereum_mainnet@1.0.0\".transactions"),
                Path.of(System.getProperty("bench.e2e.work", "target/e2e")).toAbsolutePath(),
                Path.of(System.getProperty("bench.e2e.plugin.jar", "target/benchmarks.jar")).toAbsolutePath());
    }

    /** Blocks backfilled: {@code 0..blocks-1}. */
    long blocks() {
        return Math.max(1, rows / TX_PER_BLOCK);
    }

    boolean runs(String phase) {
        return phases.contains(phase);
    }

    private static List<String> list(String property, String fallback) {
        String value = System.getProperty(property, "");
        return Arrays.stream((value.isBlank() ? fallback : value).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toList();
    }

    /** {@code k=v;k=v} into a map. */
    private static Map<String, String> props(String property) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : System.getProperty(property, "").split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                map.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return map;
    }

    /** One line for the report. */
    String describe() {
        return String.format(java.util.Locale.ROOT, "%,d rows (%,d blocks x %d transactions; warm-up %,d rows), paths %s, stores %s, phases %s,"
                        + " live tail %d blocks every %d ms, worker CPUs %s, others %s%s%s", blocks() * TX_PER_BLOCK, blocks(),
                TX_PER_BLOCK, warmupRows, paths.stream().map(RecordPath::name).toList(), stores, phases, tailBlocks, tailInterval.toMillis(),
                workerCpus.isEmpty() ? "any" : workerCpus, otherCpus.isEmpty() ? "any" : otherCpus,
                sinkProps.isEmpty() ? "" : ", sink " + sinkProps, sourceProps.isEmpty() ? "" : ", source " + sourceProps);
    }
}
