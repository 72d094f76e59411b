package dev.ampconnect.common.sink;

import java.util.LinkedHashMap;
import java.util.function.Supplier;

/** Where the sink's gauges are published; implemented over Connect's {@code PluginMetrics} when present. */
interface MetricRegistration extends AutoCloseable {

    /** Publishes a gauge named {@code name} with extra {@code tags}. */
    void gauge(String name, String description, LinkedHashMap<String, String> tags, Supplier<? extends Number> value);

    @Override
    void close();
}
