package dev.ampconnect.simulator.data;

import static dev.ampconnect.simulator.data.EvmFields.address;
import static dev.ampconnect.simulator.data.EvmFields.binary;
import static dev.ampconnect.simulator.data.EvmFields.decimal128;
import static dev.ampconnect.simulator.data.EvmFields.hash;
import static dev.ampconnect.simulator.data.EvmFields.timestamp;
import static dev.ampconnect.simulator.data.EvmFields.uint64;

import dev.ampconnect.simulator.chain.BlockRef;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * {@code blocks}: one row per block. {@code nonce} is a UInt64 whose top bit is set on every even block,
 * so downstream type handling always meets values above 2^63; {@code base_fee_per_gas} is null at genesis.
 */
final class BlocksTable implements TableGenerator {

    static final String NAME = "blocks";
    private static final long GAS_LIMIT = 30_000_000L;

    private final Schema schema = new Schema(List.of(
            uint64("_block_num"), uint64("block_num"), timestamp("timestamp"), hash("hash"), hash("parent_hash"),
            hash("ommers_hash"), address("miner"), hash("state_root"), hash("transactions_root"),
            hash("receipt_root"), binary("logs_bloom"), decimal128("difficulty", false), uint64("gas_limit"),
            uint64("gas_used"), binary("extra_data"), hash("mix_hash"), uint64("nonce"),
            decimal128("base_fee_per_gas", true)));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public List<Object[]> rows(BlockRef block) {
        DeterministicRandom random = DeterministicRandom.forBlock(block.contentSeed(), NAME, 0);
        BigInteger number = BlockValues.number(block);
        long nonceBits = block.number() % 2 == 0 ? random.nextLong() | Long.MIN_VALUE : random.nextLong() & Long.MAX_VALUE;
        Object[] row = {
            number,
            number,
            BlockValues.timestamp(block),
            block.hash().bytes(),
            block.parentHash().bytes(),
            random.nextBytes(32),
            random.nextBytes(20),
            random.nextBytes(32),
            random.nextBytes(32),
            random.nextBytes(32),
            random.nextBytes(256),
            BigDecimal.valueOf(random.nextLong(0, 1L << 40)),
            BigInteger.valueOf(GAS_LIMIT),
            BigInteger.valueOf(random.nextLong(0, GAS_LIMIT)),
            random.nextBytes(random.nextInt(33)),
            random.nextBytes(32),
            BlockValues.unsigned(nonceBits),
            block.number() == 0 ? null : BigDecimal.valueOf(random.nextLong(1_000_000_000L, 100_000_000_000L)),
        };
        return List.<Object[]>of(row);
    }
}
