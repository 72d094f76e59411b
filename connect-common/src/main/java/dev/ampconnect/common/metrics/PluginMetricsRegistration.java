package dev.ampconnect.common.sink;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * Gauges on Connect's {@code PluginMetrics} (Kafka 4.1+, KIP-877). The only class that names
 * {@code PluginMetrics}: on an older worker, loading it fails and the sink runs without published metrics.
 */
final class PluginMetricsRegistration implements MetricRegistration {

    private final PluginMetrics pluginMetrics;
    private final List<MetricName> names = new ArrayList<>();

    private PluginMetricsRegistration(PluginMetrics pluginMetrics) {
        this.pluginMetrics = pluginMetrics;
    }

    /** The registration of the task's plugin metrics, or {@code null} when the worker has none. */
    static MetricRegistration of(SinkTaskContext context) {
        PluginMetrics metrics = context.pluginMetrics();
        return metrics == null ? null : new PluginMetricsRegistration(metrics);
    }

    @Override
    public void gauge(String name, String description, LinkedHashMap<String, String> tags, Supplier<? extends Number> value) {
        MetricName metricName = pluginMetrics.metricName(name, description, tags);
        pluginMetrics.addMetric(metricName, (Gauge<Number>) (config, now) -> value.get());
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
