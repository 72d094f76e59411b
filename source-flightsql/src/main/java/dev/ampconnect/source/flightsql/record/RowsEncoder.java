package dev.ampconnect.source.flightsql.record;

import dev.ampconnect.common.arrow.ArrowConversionOptions;
import dev.ampconnect.common.arrow.ArrowRowReader;
import dev.ampconnect.common.arrow.ArrowSchemaMapper;
import dev.ampconnect.common.arrow.SchemaConventions;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * {@code record.format=rows}: one Struct per row (the query's columns plus {@code _amp_batch_id}, mapped
 * per TYPES.md), keyed by a Struct of the configured key columns or not keyed. The schema mapping is
 * worked out once per Arrow schema (a reconnect may bring a new one).
 */
public final class RowsEncoder implements DataEncoder {

    /** Per-record overhead on top of the Arrow bytes, for the read-ahead estimate (Struct, headers, record). */
    private static final long RECORD_OVERHEAD_BYTES = 512;

    private final String stream;
    private final List<String> keyColumns;
    private final ArrowSchemaMapper mapper;
    private org.apache.arrow.vector.types.pojo.Schema arrowSchema;
    private ArrowRowReader reader;
    private Schema keySchema;

    public RowsEncoder(String stream, List<String> keyColumns, ArrowConversionOptions options) {
        this.stream = stream;
        this.keyColumns = List.copyOf(keyColumns);
        this.mapper = new ArrowSchemaMapper(options);
    }

    @Override
    public void encode(VectorSchemaRoot batch, String batchId, DataPayloadSink sink) throws InterruptedException {
        int rowCount = batch.getRowCount();
        if (rowCount == 0) {
            return;
        }
        bindSchema(batch.getSchema());
        ArrowRowReader.Rows rows = reader.bind(batch, batchId);
        long bytesPerRow = arrowBytes(batch) / rowCount + RECORD_OVERHEAD_BYTES;
        Schema valueSchema = reader.valueSchema();
        for (int i = 0; i < rowCount; i++) {
            Struct value = rows.row(i);
            sink.accept(keySchema, keySchema == null ? null : key(value), valueSchema, value, i, 1, bytesPerRow);
        }
    }

    private void bindSchema(org.apache.arrow.vector.types.pojo.Schema schema) {
        if (schema.equals(arrowSchema)) {
            return;
        }
        Schema valueSchema = mapper.streamValueSchema(schema, stream);
        reader = new ArrowRowReader(schema, valueSchema);
        keySchema = keyColumns.isEmpty() ? null : keySchema(valueSchema);
        arrowSchema = schema;
    }

    private Schema keySchema(Schema valueSchema) {
        String valueName = valueSchema.name();
        String keyName = valueName.substring(0, valueName.length() - SchemaConventions.VALUE_STRUCT_SIMPLE_NAME.length()) + "Key";
        SchemaBuilder key = SchemaBuilder.struct().name(keyName);
        for (String column : keyColumns) {
            Field field = valueSchema.field(column);
            if (field == null) {
                throw new ConnectException("stream " + stream + ": key column '" + column + "' (stream." + stream
                        + ".key.columns) is not a column of the query; columns: "
                        + valueSchema.fields().stream().map(Field::name).toList());
            }
            key.field(column, field.schema());
        }
        return key.build();
    }

    private Struct key(Struct value) {
        Struct key = new Struct(keySchema);
        for (String column : keyColumns) {
            key.put(column, value.get(column));
        }
        return key;
    }

    private static long arrowBytes(VectorSchemaRoot batch) {
        long bytes = 0;
        for (FieldVector vector : batch.getFieldVectors()) {
            bytes += vector.getBufferSize();
        }
        return bytes;
    }
}
