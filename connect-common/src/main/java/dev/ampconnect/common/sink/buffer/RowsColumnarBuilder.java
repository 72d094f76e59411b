package dev.ampconnect.common.sink.buffer;

import dev.ampconnect.common.contract.AmpHeaders;
import dev.ampconnect.common.sink.batch.ColumnarBatch;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Builds the columnar batch of a {@code rows}-format segment: one Struct per row, converted by
 * TYPES.md "Connect -> Arrow". Amp rows whose schema lacks {@code _amp_batch_id} (an SMT dropped it) get
 * the column from their header, so rows always land with it (docs/ARCHITECTURE.md sink rule 1).
 */
public final class RowsColumnarBuilder {

    private RowsColumnarBuilder() {
    }

    /**
     * Converts the segment's records; a record that cannot be converted is handed to {@code rejected} and
     * left out. Returns {@code null} when no row remains. A segment whose rows were converted as its records
     * arrived ({@link Segment#converting()}) hands those rows over instead.
     */
    public static ColumnarBatch build(Segment segment, BufferAllocator allocator, BadRecordSink rejected) {
        if (segment.converting()) {
            return converted(segment);
        }
        List<BufferedRecord> input = segment.records();
        ConvertedRows rows = new ConvertedRows((Schema) segment.schema(), segment.isAmp(), allocator, input.size());
        try {
            List<SinkRecord> kept = new ArrayList<>(input.size());
            SliceCollector slices = new SliceCollector();
            for (BufferedRecord buffered : input) {
                int row = rows.rows();
                try {
                    rows.append((Struct) buffered.record().value(), buffered.batchId());
                } catch (DataException | ClassCastException e) {
                    rejected.reject(buffered, e instanceof DataException data ? data : new DataException(e.getMessage(), e));
                    continue;
                }
                kept.add(buffered.record());
                if (segment.isAmp()) {
                    slices.add(buffered.sequence(), buffered.batchId(), row, 1);
                }
            }
            if (rows.rows() == 0) {
                rows.close();
                return null;
            }
            return new ColumnarBatch(rows.outputSchema(), rows.finish(), kept, null, segment.isAmp(), slices.slices());
        } catch (RuntimeException | Error e) {
            rows.close();
            throw e;
        }
    }

    /** The batch of a segment converted as its records arrived: its rows, with the records' origins. */
    private static ColumnarBatch converted(Segment segment) {
        ConvertedRows rows = segment.handOverRows();
        if (rows.rows() == 0) {
            rows.close();
            return null;
        }
        try {
            List<BufferedRecord> input = segment.records();
            List<SinkRecord> origins = new ArrayList<>(input.size());
            SliceCollector slices = new SliceCollector();
            for (int row = 0; row < input.size(); row++) {
                BufferedRecord buffered = input.get(row);
                origins.add(buffered.record());
                if (segment.isAmp()) {
                    slices.add(buffered.sequence(), buffered.batchId(), row, 1);
                }
            }
            return new ColumnarBatch(rows.outputSchema(), rows.finish(), origins, null, segment.isAmp(), slices.slices());
        } catch (RuntimeException | Error e) {
            rows.close();
            throw e;
        }
    }

    /** {@code schema} plus a required STRING {@code _amp_batch_id} as its last field. */
    static Schema withBatchIdColumn(Schema schema) {
        SchemaBuilder builder = SchemaBuilder.struct().name(schema.name()).version(schema.version()).doc(schema.doc());
        if (schema.parameters() != null) {
            builder.parameters(schema.parameters());
        }
        if (schema.isOptional()) {
            builder.optional();
        }
        for (Field field : schema.fields()) {
            builder.field(field.name(), field.schema());
        }
        builder.field(AmpHeaders.BATCH_ID_COLUMN, Schema.STRING_SCHEMA);
        return builder.build();
    }
}
