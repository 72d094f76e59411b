package dev.ampconnect.source.flightsql.config;

/**
 * Bounds of one connector-defined data transaction (besides the watermark that always ends one).
 *
 * @param maxRecords records after which the transaction is committed
 * @param maxMs      age after which the transaction is committed
 */
public record TransactionBounds(int maxRecords, long maxMs) {
}
