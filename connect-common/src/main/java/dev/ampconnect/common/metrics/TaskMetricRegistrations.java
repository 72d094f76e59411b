package dev.ampconnect.common.metrics;

import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's {@link MetricRegistration}, where the worker has plugin metrics (Kafka 4.1+, KIP-877). On an
 * older worker {@code pluginMetrics()} does not exist (or {@code PluginMetrics} cannot be loaded): the task
 * then runs without published metrics, and this says so once, at INFO. Never names {@code PluginMetrics}
 * itself, so it loads on every worker.
 */
public final class TaskMetricRegistrations {

    private static final Logger LOG = LoggerFactory.getLogger(TaskMetricRegistrations.class);

    private TaskMetricRegistrations() {
    }

    /** The sink task's registration, or empty on a worker without plugin metrics. */
    public static Optional<MetricRegistration> sink(SinkTaskContext context) {
        return guarded("sink", () -> PluginMetricsRegistration.of(context));
    }

    /** The source task's registration, or empty on a worker without plugin metrics. */
    public static Optional<MetricRegistration> source(SourceTaskContext context) {
        return guarded("source", () -> PluginMetricsRegistration.of(context));
    }

    private static Optional<MetricRegistration> guarded(String kind, Supplier<MetricRegistration> registration) {
        try {
            return Optional.ofNullable(registration.get());
        } catch (LinkageError | UnsupportedOperationException e) {
            LOG.info("This Connect worker has no plugin metrics (Kafka < 4.1); {} metrics are not published", kind);
            return Optional.empty();
        }
    }
}
