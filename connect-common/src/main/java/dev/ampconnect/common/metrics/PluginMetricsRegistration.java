package dev.ampconnect.common.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.apache.kafka.connect.source.SourceTaskContext;

/**
 * Gauges on Connect's {@code PluginMetrics} (Kafka 4.1+, KIP-877). The only class that names
 * {@code PluginMetrics}: on an older worker, loading it fails, which {@link TaskMetricRegistrations} catches.
 */
final class PluginMetricsRegistration implements MetricRegistration {

    private final PluginMetrics pluginMetrics;
    private final List<MetricName> names = new ArrayList<>();

    private PluginMetricsRegistration(PluginMetrics pluginMetrics) {
        this.pluginMetrics = pluginMetrics;
    }

    /** The registration of a sink task's plugin metrics, or {@code null} when the worker has none. */
    static MetricRegistration of(SinkTaskContext context) {
        return of(context.pluginMetrics());
    }

    /** The registration of a source task's plugin metrics, or {@code null} when the worker has none. */
    static MetricRegistration of(SourceTaskContext context) {
        return of(context.pluginMetrics());
    }

    private static MetricRegistration of(PluginMetrics metrics) {
        return metrics == null ? null : new PluginMetricsRegistration(metrics);
    }

    @Override
    public void gauge(String name, String description, LinkedHashMap<String, String> tags, Supplier<?> value) {
        MetricName metricName = pluginMetrics.metricName(name, description, tags);
        pluginMetrics.addMetric(metricName, (Gauge<Object>) (config, now) -> value.get());
        names.add(metricName);
    }

    @Override
    public void close() {
        for (MetricName name : names) {
            pluginMetrics.removeMetric(name);
        }
        names.clear();
    }
}
