package dev.ampconnect.source.flightsql.config;

/**
 * Bounds of the work done ahead of {@code poll()}.
 *
 * @param pollMaxRecords  most records one poll() returns
 * @param pollTimeoutMs   how long poll() waits for a first record
 * @param queueMaxRecords most records converted ahead of poll()
 * @param queueMaxBytes   most estimated bytes converted ahead of poll()
 */
public record ReadAheadLimits(int pollMaxRecords, long pollTimeoutMs, int queueMaxRecords, long queueMaxBytes) {
}
