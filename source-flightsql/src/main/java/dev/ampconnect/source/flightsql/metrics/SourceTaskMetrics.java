package dev.ampconnect.source.flightsql.metrics;

import dev.ampconnect.common.metrics.MetricRegistration;
import dev.ampconnect.common.metrics.TaskMetricRegistrations;
import java.util.function.LongSupplier;
import org.apache.kafka.connect.source.SourceTaskContext;

/**
 * The source task's metrics: one {@link StreamMetrics} per stream, published as Connect plugin metrics
 * (KIP-877) on Kafka 4.1+ workers, MBeans {@code kafka.connect:type=plugins,connector=<name>,task=<n>,
 * stream=<stream>[,network=<network>]}; kept but not published on older workers.
 */
public final class SourceTaskMetrics implements AutoCloseable {

    private final MetricRegistration registration;
    private final LongSupplier nowMillis;

    private SourceTaskMetrics(MetricRegistration registration, LongSupplier nowMillis) {
        this.registration = registration;
        this.nowMillis = nowMillis;
    }

    /** The task's metrics, published where the worker has plugin metrics. */
    public static SourceTaskMetrics bind(SourceTaskContext context) {
        return bind(context, System::currentTimeMillis);
    }

    /** The task's metrics with {@code nowMillis} as the clock of the lag in seconds (tests). */
    static SourceTaskMetrics bind(SourceTaskContext context, LongSupplier nowMillis) {
        return new SourceTaskMetrics(TaskMetricRegistrations.source(context).orElse(null), nowMillis);
    }

    /** Metrics kept in memory only (tests, a worker without plugin metrics). */
    public static SourceTaskMetrics unpublished() {
        return new SourceTaskMetrics(null, System::currentTimeMillis);
    }

    /** The metrics of stream {@code name}; call once per stream. */
    public StreamMetrics stream(String name) {
        return new StreamMetrics(name, registration, nowMillis);
    }

    /** Whether the metrics are published on the worker. */
    public boolean published() {
        return registration != null;
    }

    /** Removes the published metrics (task stop). */
    @Override
    public void close() {
        if (registration != null) {
            registration.close();
        }
    }
}
