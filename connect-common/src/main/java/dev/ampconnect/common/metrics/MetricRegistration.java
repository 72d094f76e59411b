package dev.ampconnect.common.metrics;

import java.util.LinkedHashMap;
import java.util.function.Supplier;

/**
 * Where a task publishes its gauges; implemented over Connect's {@code PluginMetrics} when the worker has
 * them. Obtain one through {@link TaskMetricRegistrations}, which guards older workers.
 */
public interface MetricRegistration extends AutoCloseable {

    /**
     * Publishes a gauge named {@code name} with extra {@code tags} (after the worker's {@code connector} and
     * {@code task}). The value is read whenever a reporter asks; it is normally a {@link Number}, a
     * {@code String} is shown over JMX but skipped by numeric exporters.
     */
    void gauge(String name, String description, LinkedHashMap<String, String> tags, Supplier<?> value);

    /** Removes every gauge this registration published. */
    @Override
    void close();
}
