package dev.ampconnect.source.flightsql.stream;

/** What a stream reader hands to {@code poll()}: a record, or the reason the stream stopped for good. */
public sealed interface QueueEntry permits PendingRecord, StreamFailure {
}
