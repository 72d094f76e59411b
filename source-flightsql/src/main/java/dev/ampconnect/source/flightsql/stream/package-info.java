/**
 * Reading streams: one reader thread per stream runs sessions (validation, rewinds, reorgs, watermarks),
 * hands records to the task's bounded read-ahead queue directly or through the confirmations gate, and
 * reconnects with backoff ({@code ReconnectAttempts}) unless the server keeps replaying one reorg
 * ({@code RepeatedReorgGuard}). Each record carries a {@link dev.ampconnect.source.flightsql.stream.HandOver}
 * that counts it in the stream's metrics when {@code poll()} hands it to the worker.
 */
package dev.ampconnect.source.flightsql.stream;
