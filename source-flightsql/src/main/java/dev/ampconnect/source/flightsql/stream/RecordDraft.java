package dev.ampconnect.source.flightsql.stream;

import dev.ampconnect.common.contract.RecordKind;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * A record whose source offset is attached only when it is emitted: with {@code confirmations} a
 * microbatch may wait, and a record must carry the offset in force when it reaches Kafka (offsets must
 * never move backwards).
 *
 * @param kind     the record's kind
 * @param bytes    estimated size
 * @param build    makes the record given its source offset
 * @param handOver what poll() records when it hands the record to the worker
 */
public record RecordDraft(RecordKind kind, long bytes, Function<Map<String, ?>, SourceRecord> build, HandOver handOver) {

    /** The record with {@code position}'s offset, ready for the queue. */
    public PendingRecord at(StreamPosition position) {
        return new PendingRecord(build.apply(position.offset()), kind, bytes, handOver);
    }
}
