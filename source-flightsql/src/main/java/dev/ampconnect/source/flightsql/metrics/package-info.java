/**
 * The source's own metrics, per stream (README "Metrics"): what arrived from the server (reorgs, the
 * newest announced block), what was handed to the worker (records, rows, watermarks, microbatch latency),
 * and the reconnects. Published through connect-common's {@code TaskMetricRegistrations}.
 */
package dev.ampconnect.source.flightsql.metrics;
