package dev.ampconnect.sink.clickhouse;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import java.math.BigDecimal;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.TimeStampNanoTZVector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * EVM-transactions-like amp rows in the server's Arrow types: block_num UInt64, tx_index UInt32, tx_hash
 * FixedSizeBinary(32), from/to FixedSizeBinary(20), value Decimal128(38,0), gas UInt64, timestamp
 * Timestamp(ns, UTC); deterministic per row, {@code rowsPerBatch} rows (one block each... per microbatch).
 */
final class Transactions {

    static final Schema SCHEMA = new Schema(List.of(
            field("block_num", new ArrowType.Int(64, false)),
            field("tx_index", new ArrowType.Int(32, false)),
            field("tx_hash", new ArrowType.FixedSizeBinary(32)),
            field("from", new ArrowType.FixedSizeBinary(20)),
            field("to", new ArrowType.FixedSizeBinary(20)),
            field("value", new ArrowType.Decimal(38, 0, 128)),
            field("gas", new ArrowType.Int(64, false)),
            field("timestamp", new ArrowType.Timestamp(TimeUnit.NANOSECOND, "UTC"))));

    private Transactions() {
    }

    /**
     * Rows {@code first .. first + count - 1}; row r is in block r / txPerBlock; microbatches of
     * {@code rowsPerBatch} rows get sequences {@code firstSequence, firstSequence + 1, ...}.
     */
    static ColumnarBatch batch(BufferAllocator allocator, long first, int count, int txPerBlock, int rowsPerBatch,
                               long firstSequence) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        root.allocateNew();
        UInt8Vector block = (UInt8Vector) root.getVector("block_num");
        UInt4Vector index = (UInt4Vector) root.getVector("tx_index");
        FixedSizeBinaryVector hash = (FixedSizeBinaryVector) root.getVector("tx_hash");
        FixedSizeBinaryVector from = (FixedSizeBinaryVector) root.getVector("from");
        FixedSizeBinaryVector to = (FixedSizeBinaryVector) root.getVector("to");
        DecimalVector value = (DecimalVector) root.getVector("value");
        UInt8Vector gas = (UInt8Vector) root.getVector("gas");
        TimeStampNanoTZVector timestamp = (TimeStampNanoTZVector) root.getVector("timestamp");
        byte[] hashBytes = new byte[32];
        byte[] address = new byte[20];
        for (int i = 0; i < count; i++) {
            long row = first + i;
            long blockNumber = row / txPerBlock;
            block.setSafe(i, blockNumber);
            index.setSafe(i, (int) (row % txPerBlock));
            for (int b = 0; b < 32; b++) {
                hashBytes[b] = (byte) (row * 31 + b * 7 + (row >>> (b % 24)));
            }
            hash.setSafe(i, hashBytes);
            for (int b = 0; b < 20; b++) {
                address[b] = (byte) (row % 5_000 * 13 + b);
            }
            from.setSafe(i, address);
            address[0] ^= 0x55;
            to.setSafe(i, address);
            value.setSafe(i, BigDecimal.valueOf(row).multiply(BigDecimal.valueOf(1_000_000_007L)));
            gas.setSafe(i, 21_000L + row % 100_000);
            timestamp.setSafe(i, (1_700_000_000L + blockNumber * 12) * 1_000_000_000L);
        }
        root.setRowCount(count);
        int batches = (count + rowsPerBatch - 1) / rowsPerBatch;
        int[] sliceRows = new int[batches];
        for (int b = 0; b < batches; b++) {
            sliceRows[b] = Math.min(rowsPerBatch, count - b * rowsPerBatch);
        }
        return TestBatches.amp(root, allocator, firstSequence, sliceRows);
    }

    private static Field field(String name, ArrowType type) {
        return new Field(name, FieldType.notNullable(type), null);
    }
}
