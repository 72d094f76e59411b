package dev.ampconnect.source.flightsql.record;

import dev.ampconnect.common.contract.ContractHeaders;
import dev.ampconnect.common.contract.ControlSchemas;
import dev.ampconnect.common.contract.Invalidation;
import dev.ampconnect.common.contract.Watermark;
import dev.ampconnect.common.range.BlockRange;
import dev.ampconnect.source.flightsql.config.RecordFormat;
import dev.ampconnect.source.flightsql.config.StreamConfig;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Builds the Kafka records of one stream exactly per the record contract v1 (docs/ARCHITECTURE.md): topic and
 * the stream's ONE partition, the source partition {@code {"stream": name}}, the contract headers, and for
 * control records the {@code amp.Invalidation}/{@code amp.Watermark} Struct ({@code rows}) or its JSON
 * bytes ({@code arrow}). Record timestamps are left to the producer: block timestamps would make
 * time-based retention delete a backfill at once.
 */
public final class ContractRecords {

    private final StreamConfig stream;
    private final RecordFormat format;
    private final Map<String, String> sourcePartition;

    public ContractRecords(StreamConfig stream, RecordFormat format) {
        this.stream = stream;
        this.format = format;
        this.sourcePartition = SourcePartitions.of(stream.name());
    }

    /** An invalidation record. */
    public SourceRecord invalidation(Invalidation invalidation, String session, Map<String, ?> offset) {
        return control(offset, format == RecordFormat.ROWS ? ControlSchemas.INVALIDATION : Schema.BYTES_SCHEMA,
                format == RecordFormat.ROWS ? ControlSchemas.toStruct(invalidation) : ControlSchemas.toJson(invalidation),
                ContractHeaders.invalidation(stream.name(), session));
    }

    /** A watermark record. */
    public SourceRecord watermark(Watermark watermark, String session, Map<String, ?> offset) {
        return control(offset, format == RecordFormat.ROWS ? ControlSchemas.WATERMARK : Schema.BYTES_SCHEMA,
                format == RecordFormat.ROWS ? ControlSchemas.toStruct(watermark) : ControlSchemas.toJson(watermark),
                ContractHeaders.watermark(stream.name(), session, watermark.batchId(), watermark.ranges()));
    }

    /**
     * A data record: one row ({@code rows}) or one Arrow IPC slice ({@code arrow}) of a microbatch.
     *
     * @param row index of the (first) row within its microbatch
     */
    public SourceRecord data(String session, String batchId, List<BlockRange> ranges, long row,
                             Schema keySchema, Object key, Schema valueSchema, Object value, Map<String, ?> offset) {
        return new ContractRecord(sourcePartition, offset, stream.topic(), stream.partition(),
                keySchema, key, valueSchema, value, null,
                ContractHeaders.data(stream.name(), session, batchId, ranges, row));
    }

    private SourceRecord control(Map<String, ?> offset, Schema schema, Object value,
                                 org.apache.kafka.connect.header.Headers headers) {
        return new ContractRecord(sourcePartition, offset, stream.topic(), stream.partition(),
                null, null, schema, value, null, headers);
    }

    /** The record format. */
    public RecordFormat format() {
        return format;
    }
}
