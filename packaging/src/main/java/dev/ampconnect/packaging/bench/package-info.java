/**
 * The end-to-end benchmark's engine: the amp simulator streaming through the source and a sink in real broker and
 * worker processes into a real store, timed from the connectors' resume to the head block visible in the store,
 * with the topic's bytes, CPU seconds per process ({@code /proc}), the worker's heap (its GC log) and the latency
 * of live blocks. Main code because two modules run it: the benchmarks module ({@code -Pbench}, millions of rows,
 * next to the stores' own ceilings; BENCHMARKS.md) and packaging's {@code EndToEndBenchmarkSmokeIT} (a few
 * thousand rows in the normal build, asserting only that the stores equal the chain).
 *
 * <p>A store joins the benchmark with a {@link dev.ampconnect.packaging.bench.SinkTarget}: its sink's connector
 * class and connection keys, how to read its progress (the newest complete block), and how to drop a run's table.
 */
package dev.ampconnect.packaging.bench;
