package dev.ampconnect.source.flightsql.record;

import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * A source record of the contract whose equality is its identity. Connect's exactly-once source task asks the
 * transaction context about every record it dispatches ({@code shouldCommitOn}, {@code shouldAbortOn}, and a
 * consistency check), each a {@code HashSet} lookup that hashes the whole record: with {@code record.format=rows}
 * that is the value Struct and its schema, deeply, several times per row (profiled in the end-to-end benchmark,
 * BENCHMARKS.md). The task only ever names the very record instance it returned ({@code commitTransaction(record)}),
 * so identity is the equality those lookups need. A record of another class is never equal to this one (Connect's
 * records compare classes first), and a transformation's {@code newRecord} gives a plain {@link SourceRecord}.
 */
final class ContractRecord extends SourceRecord {

    ContractRecord(Map<String, ?> sourcePartition, Map<String, ?> sourceOffset, String topic, Integer partition,
                   Schema keySchema, Object key, Schema valueSchema, Object value, Long timestamp, Headers headers) {
        super(sourcePartition, sourceOffset, topic, partition, keySchema, key, valueSchema, value, timestamp, headers);
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
