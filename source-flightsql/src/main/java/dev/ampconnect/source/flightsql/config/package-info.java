/** The source's configuration: connector keys, per-stream keys, task assignment and the small value types they parse into. */
package dev.ampconnect.source.flightsql.config;
