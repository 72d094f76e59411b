/**
 * The sink conformance kit (shipped in connect-common's test-jar): abstract JUnit 5 suites that drive a
 * REAL sink task of a backend against its REAL store through {@link
 * dev.ampconnect.common.sink.conformance.SinkTaskDriver} (a Connect-like harness over an in-memory topic
 * log). A backend extends {@link dev.ampconnect.common.sink.conformance.SinkCoreConformance} and {@link
 * dev.ampconnect.common.sink.conformance.SinkStreamingConformance} and supplies a small {@link
 * dev.ampconnect.common.sink.conformance.SinkProbe}.
 */
package dev.ampconnect.common.sink.conformance;
