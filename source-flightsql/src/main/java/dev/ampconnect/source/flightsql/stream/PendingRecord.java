package dev.ampconnect.source.flightsql.stream;

import dev.ampconnect.common.contract.RecordKind;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * A record converted by a stream reader and waiting for {@code poll()}. It holds only heap objects: Arrow
 * buffers never leave the reader thread.
 *
 * @param record   the Connect record
 * @param kind     its contract kind (the transaction boundaries depend on it)
 * @param bytes    an estimate of its size, for the read-ahead byte bound
 * @param handOver what poll() records when it hands the record to the worker
 */
public record PendingRecord(SourceRecord record, RecordKind kind, long bytes, HandOver handOver) implements QueueEntry {
}
