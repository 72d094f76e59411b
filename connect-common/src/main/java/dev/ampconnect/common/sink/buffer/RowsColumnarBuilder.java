package dev.ampconnect.common.sink.buffer;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.contract.AmpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
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
     * left out. Returns {@code null} when no row remains.
     */
    public static ColumnarBatch build(Segment segment, BufferAllocator allocator, BadRecordSink rejected) {
        Schema valueSchema = (Schema) segment.schema();
        boolean injectBatchId = segment.isAmp() && valueSchema.field(AmpHeaders.BATCH_ID_COLUMN) == null;
        Schema outputSchema = injectBatchId ? withBatchIdColumn(valueSchema) : valueSchema;
        List<BufferedRecord> input = segment.records();
        VectorSchemaRoot root = VectorSchemaRoot.create(ConnectArrowSchema.of(outputSchema), allocator);
        try {
            root.setRowCount(0);
            for (FieldVector vector : root.getFieldVectors()) {
                vector.setInitialCapacity(input.size());
                vector.allocateNew();
            }
            List<Field> fields = valueSchema.fields();
            List<ConnectColumnWriter> writers = new ArrayList<>(fields.size());
            for (Field field : fields) {
                writers.add(ConnectColumnWriter.of(field.schema(), root.getVector(field.name()), field.name()));
            }
            VarCharVector batchIdColumn = injectBatchId ? (VarCharVector) root.getVector(AmpHeaders.BATCH_ID_COLUMN) : null;

            List<SinkRecord> kept = new ArrayList<>(input.size());
            SliceCollector slices = new SliceCollector();
            int row = 0;
            for (BufferedRecord buffered : input) {
                try {
                    Struct value = (Struct) buffered.record().value();
                    for (int f = 0; f < fields.size(); f++) {
                        writers.get(f).write(row, value.get(fields.get(f)));
                    }
                    if (batchIdColumn != null) {
                        batchIdColumn.setSafe(row, buffered.batchId().getBytes(StandardCharsets.UTF_8));
                    }
                } catch (DataException | ClassCastException e) {
                    // slot `row` is rewritten by the next record, and left out when this was the last one
                    rejected.reject(buffered, e instanceof DataException data ? data : new DataException(e.getMessage(), e));
                    continue;
                }
                kept.add(buffered.record());
                if (segment.isAmp()) {
                    slices.add(buffered.sequence(), buffered.batchId(), row, 1);
                }
                row++;
            }
            if (row == 0) {
                root.close();
                return null;
            }
            root.setRowCount(row);
            return new ColumnarBatch(outputSchema, root, kept, null, segment.isAmp(), slices.slices());
        } catch (RuntimeException | Error e) {
            root.close();
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
