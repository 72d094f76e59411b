package dev.ampconnect.sink.clickhouse;

import com.clickhouse.data.ClickHouseFormat;
import dev.ampconnect.common.sink.batch.BatchSlice;
import dev.ampconnect.common.sink.batch.ColumnarBatch;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * A columnar batch as one Arrow IPC stream ({@code FORMAT ArrowStream}) of its own vectors plus an
 * {@code _amp_batch_seq} vector, converted to the table's column types by ClickHouse. The alternative to
 * {@link RowBinaryBatch} measured in sink-clickhouse/README.md "Insert format"; kept for that comparison
 * (benchmarks module), not used by the store.
 */
final class ArrowStreamBatch implements EncodedBatch {

    private final ColumnarBatch batch;
    private final List<String> columns;

    ArrowStreamBatch(ColumnarBatch batch) {
        this.batch = batch;
        List<String> names = new ArrayList<>();
        batch.valueSchema().fields().forEach(field -> names.add(field.name()));
        if (batch.isAmp()) {
            names.add(ChTable.SEQUENCE_COLUMN);
        }
        this.columns = List.copyOf(names);
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public ClickHouseFormat format() {
        return ClickHouseFormat.ArrowStream;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        List<FieldVector> vectors = new ArrayList<>();
        for (org.apache.kafka.connect.data.Field field : batch.valueSchema().fields()) {
            vectors.add(batch.root().getVector(field.name()));
        }
        UInt8Vector sequence = null;
        try {
            if (batch.isAmp()) {
                sequence = new UInt8Vector(ChTable.SEQUENCE_COLUMN, FieldType.notNullable(
                        new org.apache.arrow.vector.types.pojo.ArrowType.Int(64, false)), vectors.get(0).getAllocator());
                sequence.allocateNew(batch.rowCount());
                for (BatchSlice slice : batch.slices()) {
                    for (int row = slice.firstRow(); row < slice.endRow(); row++) {
                        sequence.set(row, slice.sequence());
                    }
                }
                sequence.setValueCount(batch.rowCount());
                vectors.add(sequence);
            }
            // a root over the batch's own vectors (no copy); only the sequence vector is ours to free
            VectorSchemaRoot root = new VectorSchemaRoot(vectors);
            root.setRowCount(batch.rowCount());
            try (ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
                writer.start();
                writer.writeBatch();
                writer.end();
            }
        } finally {
            if (sequence != null) {
                sequence.close();
            }
        }
    }
}
