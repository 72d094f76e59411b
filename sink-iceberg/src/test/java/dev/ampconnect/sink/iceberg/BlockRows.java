package dev.ampconnect.sink.iceberg;

import dev.ampconnect.common.sink.batch.BatchSlice;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Chain-like rows for write and delete tests: {@code rowsPerBlock} rows per block, one microbatch per block
 * whose registry sequence is {@code block + 1}.
 *
 * @param root   the rows (block_num, tx_index, _amp_batch_id)
 * @param slices one per block
 */
record BlockRows(VectorSchemaRoot root, List<BatchSlice> slices) implements AutoCloseable {

    static Schema schema() {
        return new Schema(List.of(
                new Field("block_num", FieldType.notNullable(new ArrowType.Int(64, true)), null),
                new Field("tx_index", FieldType.nullable(new ArrowType.Int(32, true)), null),
                new Field("_amp_batch_id", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null)));
    }

    static BlockRows of(BufferAllocator allocator, long firstBlock, long lastBlock, int rowsPerBlock) {
        VectorSchemaRoot root = VectorSchemaRoot.create(schema(), allocator);
        root.allocateNew();
        BigIntVector blocks = (BigIntVector) root.getVector("block_num");
        IntVector indexes = (IntVector) root.getVector("tx_index");
        VarCharVector ids = (VarCharVector) root.getVector("_amp_batch_id");
        List<BatchSlice> slices = new ArrayList<>();
        int row = 0;
        for (long block = firstBlock; block <= lastBlock; block++) {
            byte[] id = ("b" + block).getBytes(StandardCharsets.UTF_8);
            for (int tx = 0; tx < rowsPerBlock; tx++) {
                blocks.setSafe(row + tx, block);
                indexes.setSafe(row + tx, tx);
                ids.setSafe(row + tx, id);
            }
            slices.add(new BatchSlice(sequence(block), "b" + block, row, rowsPerBlock));
            row += rowsPerBlock;
        }
        root.setRowCount(row);
        return new BlockRows(root, slices);
    }

    static long sequence(long block) {
        return block + 1;
    }

    @Override
    public void close() {
        root.close();
    }
}
