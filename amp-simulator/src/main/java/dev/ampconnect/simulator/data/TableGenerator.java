package dev.ampconnect.simulator.data;

import dev.ampconnect.simulator.chain.BlockRef;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One table of the synthetic dataset: its Arrow schema and the rows of any block, as a pure function of
 * the block (its number, hash and timestamp), so the same block always has the same rows and a block a
 * reorg replaced has different ones.
 *
 * <p>Row values are plain Java values in schema order: UInt64 {@code BigInteger}, UInt32 {@code Long},
 * Int32 {@code Integer}, Timestamp {@code Instant}, FixedSizeBinary/Binary {@code byte[]},
 * Decimal {@code BigDecimal} (scale 0), Utf8 {@code String}, List {@code List}, Struct
 * {@code Map<String, Object>}; {@code null} only in nullable columns.
 */
public interface TableGenerator {

    /** The table's name in SQL, e.g. {@code transactions}. */
    String name();

    /** The table's Arrow schema. */
    Schema schema();

    /** The rows of {@code block}, each an array of values in schema order. */
    List<Object[]> rows(BlockRef block);
}
