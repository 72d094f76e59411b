package dev.ampconnect.source.flightsql.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.range.BlockRange;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.Test;

class SourceTaskMetricsTest {

    private static final long NOW_MILLIS = 1_700_000_100_000L;
    private static final String HASH = "0x" + "ab".repeat(32);

    /** A context whose worker has (or, for {@code null}, lacks) plugin metrics. */
    private static SourceTaskContext context(PluginMetrics metrics) {
        return new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return Map.of();
            }

            @Override
            public OffsetStorageReader offsetStorageReader() {
                return null;
            }

            @Override
            public PluginMetrics pluginMetrics() {
                if (metrics == null) {
                    throw new AbstractMethodError("a Kafka 3.x worker's context has no pluginMetrics()");
                }
                return metrics;
            }
        };
    }

    @Test
    void aStreamsCountersAndGaugesArePublishedWithStreamAndNetworkTags() {
        try (Metrics registry = new Metrics()) {
            PluginMetricsImpl plugin = new PluginMetricsImpl(registry,
                    new LinkedHashMap<>(Map.of("connector", "src", "task", "0")));
            SourceTaskMetrics task = SourceTaskMetrics.bind(context(plugin), () -> NOW_MILLIS);
            StreamMetrics stream = task.stream("blocks");
            stream.sessionOpened();
            stream.controlHandedOver();
            stream.announced(199);
            stream.dataHandedOver(3);
            stream.reorgDetected(4);
            stream.reorgDetected(2);
            stream.reconnecting();
            assertFalse(registry.metrics().keySet().stream().anyMatch(n -> n.name().equals("last-watermark-block")),
                    "the network's gauges wait for the first watermark");

            long firstMessage = System.nanoTime();
            BlockRange range = new BlockRange("anvil", 100, 150, HASH, null, NOW_MILLIS / 1000 - 36);
            stream.watermarkHandedOver(range, firstMessage, firstMessage + TimeUnit.MILLISECONDS.toNanos(250));

            assertTrue(task.published());
            Map<String, String> streamTags = Map.of("connector", "src", "task", "0", "stream", "blocks");
            Map<String, String> networkTags = Map.of("connector", "src", "task", "0", "stream", "blocks", "network", "anvil");
            assertEquals(3.0, value(registry, "records-total", streamTags));
            assertEquals(3.0, value(registry, "rows-total", streamTags));
            assertEquals(1.0, value(registry, "microbatches-total", streamTags));
            assertEquals(250.0, value(registry, "microbatch-latency-ms", streamTags));
            assertEquals(2.0, value(registry, "reorgs-total", streamTags));
            assertEquals(4.0, value(registry, "reorg-max-depth-blocks", streamTags));
            assertEquals(1.0, value(registry, "rewinds-total", streamTags));
            assertEquals(1.0, value(registry, "reconnects-total", streamTags));
            assertEquals(150.0, value(registry, "last-watermark-block", networkTags));
            assertEquals(HASH, metric(registry, "last-watermark-hash", networkTags));
            assertEquals(49.0, value(registry, "head-lag-blocks", networkTags), "announced 199, watermark at 150");
            assertEquals(36.0, value(registry, "head-lag-seconds", networkTags));

            task.close();
            assertTrue(registry.metrics().keySet().stream().noneMatch(n -> n.group().equals("plugins")),
                    "every gauge is removed at stop: " + registry.metrics().keySet());
        }
    }

    @Test
    void aTaskStartedAgainBeforeTheOldInstanceStoppedRunsWithoutTheDuplicateGauges() {
        try (Metrics registry = new Metrics()) {
            LinkedHashMap<String, String> taskTags = new LinkedHashMap<>(Map.of("connector", "src", "task", "0"));
            SourceTaskMetrics old = SourceTaskMetrics.bind(context(new PluginMetricsImpl(registry, taskTags)));
            old.stream("blocks").dataHandedOver(7);
            SourceTaskMetrics restarted = SourceTaskMetrics.bind(context(new PluginMetricsImpl(registry, taskTags)));
            StreamMetrics stream = restarted.stream("blocks"); // no exception: the names are taken
            stream.dataHandedOver(1);
            assertEquals(1, stream.rows(), "it still counts");
            old.close();
            stream.watermarkHandedOver(new BlockRange("anvil", 0, 3, HASH, null), 0, 0);
            assertFalse(registry.metrics().keySet().stream().anyMatch(n -> n.name().equals("rows-total")),
                    "the old instance removed its own gauges");
            assertTrue(registry.metrics().keySet().stream().anyMatch(n -> n.name().equals("last-watermark-block")));
            restarted.close();
            old.stream("late").dataHandedOver(1); // a gauge after close is not published
            assertTrue(registry.metrics().keySet().stream().noneMatch(n -> n.group().equals("plugins")));
        }
    }

    @Test
    void withoutBlockTimestampsOrAWatermarkTheLagsSayUnknown() {
        StreamMetrics stream = SourceTaskMetrics.unpublished().stream("blocks");
        assertEquals(-1, stream.headLagBlocks());
        assertEquals(-1, stream.headLagSeconds());
        stream.announced(10);
        stream.watermarkHandedOver(new BlockRange("anvil", 0, 12, HASH, null), 0, 0);
        assertEquals(0, stream.headLagBlocks(), "a reorg can leave the announced block below the watermark");
        assertEquals(-1, stream.headLagSeconds(), "no timestamp from the server");
    }

    @Test
    void anOlderWorkerWithoutPluginMetricsStillCounts() {
        SourceTaskMetrics task = SourceTaskMetrics.bind(context(null));
        StreamMetrics stream = task.stream("blocks");
        stream.dataHandedOver(5);

        assertFalse(task.published());
        assertEquals(5, stream.rows());
        task.close();
    }

    private static double value(Metrics registry, String name, Map<String, String> tags) {
        return ((Number) metric(registry, name, tags)).doubleValue();
    }

    private static Object metric(Metrics registry, String name, Map<String, String> tags) {
        for (Map.Entry<MetricName, ? extends org.apache.kafka.common.Metric> entry : registry.metrics().entrySet()) {
            if (entry.getKey().name().equals(name) && entry.getKey().tags().equals(tags)) {
                return entry.getValue().metricValue();
            }
        }
        throw new AssertionError("no metric " + name + " " + tags + " in " + registry.metrics().keySet());
    }
}
