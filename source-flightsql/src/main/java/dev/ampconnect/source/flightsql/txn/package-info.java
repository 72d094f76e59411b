/** Connector-defined producer transactions (KIP-618): invalidations alone, data cut at watermarks and by size/time. */
package dev.ampconnect.source.flightsql.txn;
