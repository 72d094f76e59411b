/**
 * The amp Flight SQL source connector: {@link dev.ampconnect.source.flightsql.AmpFlightSqlSourceConnector}
 * (configuration, validation, task assignment, exactly-once support, offset edits) and its task.
 */
package dev.ampconnect.source.flightsql;
