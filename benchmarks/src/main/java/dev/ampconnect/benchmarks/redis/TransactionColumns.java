package dev.ampconnect.benchmarks.redis;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * The benchmark's transaction-like rows (block_num UInt64, tx_index Int32, tx_hash FixedSizeBinary(32),
 * from_address FixedSizeBinary(20), value Decimal(38,0), gas_used Int64), deterministic per row number, as
 * an Arrow batch for the sink and as the exact HSET arguments the sink produces for them.
 */
final class TransactionColumns {

    /** Columns of a stored hash: the six above plus {@code _amp_batch_id}. */
    static final int COLUMNS = 7;
    private static final HexFormat HEX = HexFormat.of();

    private TransactionColumns() {
    }

    static long block(long blockBase, int row) {
        return blockBase + (row % 10);
    }

    static byte[] hash(int row) {
        byte[] hash = new byte[32];
        for (int i = 0; i < 32; i++) {
            hash[i] = (byte) (row * 31 + i * 7 + (row >>> (i % 24)));
        }
        return hash;
    }

    static byte[] address(int row) {
        byte[] address = new byte[20];
        for (int i = 0; i < 20; i++) {
            address[i] = (byte) (row % 5_000 * 13 + i);
        }
        return address;
    }

    static BigDecimal value(int row) {
        return BigDecimal.valueOf(row).multiply(BigDecimal.valueOf(1_000_000_007L)).add(BigDecimal.valueOf(123_456_789L));
    }

    static long gas(int row) {
        return 21_000L + row % 100_000;
    }

    /** Rows {@code first .. first+count-1} of microbatch starting at {@code blockBase}. */
    static VectorSchemaRoot batch(BufferAllocator allocator, int first, int count, long blockBase) {
        UInt8Vector blocks = new UInt8Vector("block_num", FieldType.notNullable(new ArrowType.Int(64, false)), allocator);
        IntVector indexes = new IntVector("tx_index", FieldType.notNullable(new ArrowType.Int(32, true)), allocator);
        FixedSizeBinaryVector hashes = new FixedSizeBinaryVector("tx_hash", FieldType.notNullable(new ArrowType.FixedSizeBinary(32)), allocator);
        FixedSizeBinaryVector from = new FixedSizeBinaryVector("from_address", FieldType.notNullable(new ArrowType.FixedSizeBinary(20)), allocator);
        DecimalVector values = new DecimalVector("value", FieldType.notNullable(new ArrowType.Decimal(38, 0, 128)), allocator);
        BigIntVector gas = new BigIntVector("gas_used", FieldType.notNullable(new ArrowType.Int(64, true)), allocator);
        for (int i = 0; i < count; i++) {
            int row = first + i;
            blocks.setSafe(i, block(blockBase, row));
            indexes.setSafe(i, row % 1_000);
            hashes.setSafe(i, hash(row));
            from.setSafe(i, address(row));
            values.setSafe(i, value(row));
            gas.setSafe(i, gas(row));
        }
        List<FieldVector> vectors = List.of(blocks, indexes, hashes, from, values, gas);
        vectors.forEach(vector -> vector.setValueCount(count));
        VectorSchemaRoot root = new VectorSchemaRoot(vectors);
        root.setRowCount(count);
        return root;
    }

    /** {@code key field value …} of row {@code row}: the texts the sink writes (README "Values"). */
    static byte[][] hsetArgs(byte[] key, int row, long blockBase, String batchId) {
        List<byte[]> args = new ArrayList<>(1 + 2 * COLUMNS);
        args.add(key);
        add(args, "block_num", Long.toString(block(blockBase, row)));
        add(args, "tx_index", Integer.toString(row % 1_000));
        add(args, "tx_hash", "0x" + HEX.formatHex(hash(row)));
        add(args, "from_address", "0x" + HEX.formatHex(address(row)));
        add(args, "value", value(row).toPlainString());
        add(args, "gas_used", Long.toString(gas(row)));
        add(args, "_amp_batch_id", batchId);
        return args.toArray(byte[][]::new);
    }

    /** Field/value arguments of the same sizes for redis-benchmark. */
    static List<String> sampleFields() {
        List<String> fields = new ArrayList<>();
        byte[][] args = hsetArgs(new byte[0], 123_456, 1_000_000, "0".repeat(16));
        for (int i = 1; i < args.length; i++) {
            fields.add(new String(args[i], StandardCharsets.US_ASCII));
        }
        return fields;
    }

    private static void add(List<byte[]> args, String field, String value) {
        args.add(field.getBytes(StandardCharsets.US_ASCII));
        args.add(value.getBytes(StandardCharsets.US_ASCII));
    }
}
