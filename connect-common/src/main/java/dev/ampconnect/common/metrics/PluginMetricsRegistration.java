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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges on Connect's {@code PluginMetrics} (Kafka 4.1+, KIP-877). The only class that names
 * {@code PluginMetrics}: on an older worker, loading it fails, which {@link TaskMetricRegistrations} catches.
 */
final class PluginMetricsRegistration implements MetricRegistration {

    private static final Logger LOG = LoggerFactory.getLogger(PluginMetricsRegistration.class);

    private final PluginMetrics pluginMetrics;
    private final List<MetricName> names = new ArrayList<>();
    private boolean closed;

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
    public synchronized void gauge(String name, String description, LinkedHashMap<String, String> tags,
                                   Supplier<?> value) {
        if (closed) {
            return; // the task is stopping: a late gauge would outlive it
        }
        MetricName metricName = pluginMetrics.metricName(name, description, tags);
        try {
            pluginMetrics.addMetric(metricName, (Gauge<Object>) (config, now) -> value.get());
        } catch (IllegalArgumentException e) {
            // a previous instance of the task still holds the name (Connect restarted the task before the old one's
            // stop() returned): the task runs on, without this gauge, rather than failing over a metric
            LOG.warn("Metric {} {} is still registered by a previous instance of this task; not publishing it again",
                    name, metricName.tags());
            return;
        }
        names.add(metricName);
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (MetricName name : names) {
            pluginMetrics.removeMetric(name);
        }
        names.clear();
    }
}
