/**
 * Publishing a task's own metrics as Connect plugin metrics (KIP-877, Kafka 4.1+), shared by the sink base
 * and the source: {@link dev.ampconnect.common.metrics.TaskMetricRegistrations} gives a task its
 * {@link dev.ampconnect.common.metrics.MetricRegistration}, or none on an older worker (the task runs the
 * same, unpublished). On a worker the gauges appear as MBeans
 * {@code kafka.connect:type=plugins,connector=<name>,task=<n>[,<tags>]}.
 */
package dev.ampconnect.common.metrics;
