package dev.ampconnect.common.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.Test;

class SinkMetricsTest {

    /** A context whose worker has (or lacks) plugin metrics. */
    private static SinkTaskContext context(PluginMetrics metrics) {
        return new SinkTaskContext() {
            @Override
            public Map<String, String> configs() {
                return Map.of();
            }

            @Override
            public void offset(Map<TopicPartition, Long> offsets) {
            }

            @Override
            public void offset(TopicPartition tp, long offset) {
            }

            @Override
            public void timeout(long timeoutMs) {
            }

            @Override
            public Set<TopicPartition> assignment() {
                return Set.of();
            }

            @Override
            public void pause(TopicPartition... partitions) {
            }

            @Override
            public void resume(TopicPartition... partitions) {
            }

            @Override
            public void requestCommit() {
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
    void countersArePublishedAsPluginMetricsWhenTheWorkerHasThem() {
        try (Metrics registry = new Metrics()) {
            PluginMetricsImpl plugin = new PluginMetricsImpl(registry, new LinkedHashMap<>(Map.of("connector", "c", "task", "0")));
            SinkMetrics metrics = new SinkMetrics();
            metrics.bind(context(plugin), () -> 7, () -> 0, () -> -1);
            metrics.rowsWritten(42);
            metrics.lastCompleteBlock("blocks", "eth", 1_000);

            assertTrue(metrics.published());
            assertEquals(42.0, value(registry, "rows-written-total"));
            assertEquals(7.0, value(registry, "buffered-rows"));
            assertEquals(1_000.0, value(registry, "last-complete-block"));
            metrics.close();
            assertFalse(registry.metrics().keySet().stream().anyMatch(n -> n.name().equals("rows-written-total")));
        }
    }

    @Test
    void anOlderWorkerWithoutPluginMetricsStillCounts() {
        SinkMetrics metrics = new SinkMetrics();
        metrics.bind(context(null), () -> 0, () -> 0, () -> -1);
        metrics.rowsWritten(3);

        assertFalse(metrics.published());
        assertEquals(3, metrics.rowsWritten());
    }

    private static double value(Metrics registry, String name) {
        for (Map.Entry<MetricName, ? extends org.apache.kafka.common.Metric> entry : registry.metrics().entrySet()) {
            if (entry.getKey().name().equals(name)) {
                return ((Number) entry.getValue().metricValue()).doubleValue();
            }
        }
        throw new AssertionError("no metric " + name + " in " + registry.metrics().keySet());
    }
}
