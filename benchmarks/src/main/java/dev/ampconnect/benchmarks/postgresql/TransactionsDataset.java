package dev.ampconnect.benchmarks.postgresql;

import dev.ampconnect.common.range.BlockRange;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.TimeStampNanoTZVector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A deterministic chain of EVM-{@code transactions}-like rows in the amp server's Arrow types
 * (docs/AMP_PROTOCOL.md "Typical schemas"): UInt64 block numbers, FixedSizeBinary hashes and addresses, a
 * u256 {@code value} as text, a Decimal128 gas price, binary input, nanosecond timestamps.
 */
public final class TransactionsDataset {

    public static final String NETWORK = "ethereum-mainnet";

    public static final Schema SCHEMA = new Schema(List.of(
            new Field("block_num", FieldType.notNullable(new ArrowType.Int(64, false)), null),
            new Field("tx_index", FieldType.notNullable(new ArrowType.Int(32, false)), null),
            new Field("tx_hash", FieldType.notNullable(new ArrowType.FixedSizeBinary(32)), null),
            new Field("from", FieldType.notNullable(new ArrowType.FixedSizeBinary(20)), null),
            new Field("to", FieldType.nullable(new ArrowType.FixedSizeBinary(20)), null),
            new Field("value", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
            new Field("gas_price", FieldType.notNullable(new ArrowType.Decimal(38, 0, 128)), null),
            new Field("gas_used", FieldType.notNullable(new ArrowType.Int(64, false)), null),
            new Field("nonce", FieldType.notNullable(new ArrowType.Int(64, false)), null),
            new Field("input", FieldType.notNullable(ArrowType.Binary.INSTANCE), null),
            new Field("timestamp", FieldType.notNullable(new ArrowType.Timestamp(TimeUnit.NANOSECOND, "+00:00")), null)));

    private static final long GENESIS_SECONDS = 1_600_000_000L;

    private final int txPerBlock;

    public TransactionsDataset(int txPerBlock) {
        this.txPerBlock = txPerBlock;
    }

    int txPerBlock() {
        return txPerBlock;
    }

    /** The hash of a block of this chain. */
    static String hash(long block) {
        try {
            return "0x" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(("bench:" + block).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The range of a microbatch. */
    static BlockRange range(long start, long end) {
        return new BlockRange(NETWORK, start, end, hash(end), start == 0 ? BlockRange.ZERO_HASH : hash(start - 1),
                GENESIS_SECONDS + end * 12);
    }

    /** The rows of blocks {@code start..end}; the caller closes the root. */
    public VectorSchemaRoot batch(long start, long end, BufferAllocator allocator) {
        int rows = (int) ((end - start + 1) * txPerBlock);
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        root.allocateNew();
        UInt8Vector blockNum = (UInt8Vector) root.getVector("block_num");
        UInt4Vector txIndex = (UInt4Vector) root.getVector("tx_index");
        FixedSizeBinaryVector txHash = (FixedSizeBinaryVector) root.getVector("tx_hash");
        FixedSizeBinaryVector from = (FixedSizeBinaryVector) root.getVector("from");
        FixedSizeBinaryVector to = (FixedSizeBinaryVector) root.getVector("to");
        VarCharVector value = (VarCharVector) root.getVector("value");
        DecimalVector gasPrice = (DecimalVector) root.getVector("gas_price");
        UInt8Vector gasUsed = (UInt8Vector) root.getVector("gas_used");
        UInt8Vector nonce = (UInt8Vector) root.getVector("nonce");
        VarBinaryVector input = (VarBinaryVector) root.getVector("input");
        TimeStampNanoTZVector timestamp = (TimeStampNanoTZVector) root.getVector("timestamp");
        byte[] hash = new byte[32];
        byte[] address = new byte[20];
        int row = 0;
        for (long block = start; block <= end; block++) {
            SplittableRandom random = new SplittableRandom(block);
            for (int tx = 0; tx < txPerBlock; tx++, row++) {
                blockNum.setSafe(row, block);
                txIndex.setSafe(row, tx);
                fill(random, hash);
                txHash.setSafe(row, hash);
                fill(random, address);
                from.setSafe(row, address);
                if (tx % 100 == 99) {
                    to.setNull(row);
                } else {
                    fill(random, address);
                    to.setSafe(row, address);
                }
                BigInteger wei = BigInteger.valueOf(random.nextLong(Long.MAX_VALUE)).multiply(BigInteger.valueOf(1_000 + tx));
                value.setSafe(row, wei.toString().getBytes(StandardCharsets.US_ASCII));
                gasPrice.setSafe(row, BigDecimal.valueOf(random.nextLong(1_000_000_000_000L)));
                gasUsed.setSafe(row, 21_000 + random.nextInt(1_000_000));
                nonce.setSafe(row, random.nextInt(100_000));
                byte[] data = new byte[4 + (tx % 3) * 32];
                fill(random, data);
                input.setSafe(row, data);
                timestamp.setSafe(row, (GENESIS_SECONDS + block * 12) * 1_000_000_000L);
            }
        }
        for (FieldVector vector : root.getFieldVectors()) {
            vector.setValueCount(rows);
        }
        root.setRowCount(rows);
        return root;
    }

    private static void fill(SplittableRandom random, byte[] bytes) {
        for (int i = 0; i < bytes.length; i += 8) {
            long bits = random.nextLong();
            for (int b = i; b < Math.min(bytes.length, i + 8); b++) {
                bytes[b] = (byte) bits;
                bits >>>= 8;
            }
        }
    }
}
