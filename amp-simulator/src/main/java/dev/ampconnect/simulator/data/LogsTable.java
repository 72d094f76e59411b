package dev.ampconnect.simulator.data;

import static dev.ampconnect.simulator.data.EvmFields.address;
import static dev.ampconnect.simulator.data.EvmFields.binary;
import static dev.ampconnect.simulator.data.EvmFields.decimal256;
import static dev.ampconnect.simulator.data.EvmFields.hash;
import static dev.ampconnect.simulator.data.EvmFields.nullableHash;
import static dev.ampconnect.simulator.data.EvmFields.timestamp;
import static dev.ampconnect.simulator.data.EvmFields.uint32;
import static dev.ampconnect.simulator.data.EvmFields.uint64;

import dev.ampconnect.simulator.chain.BlockRef;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * {@code logs}: a fixed number per transaction, {@code log_index} counting across the block. A log has
 * 0..4 topics (absent ones null). {@code amount} is a Decimal256(76,0), like a decoded uint126..251
 * column: above 10^38 (so it does not fit Decimal128), and null on every fourth log.
 */
final class LogsTable implements TableGenerator {

    static final String NAME = "logs";

    private final int transactionsPerBlock;
    private final int perTransaction;
    private final Schema schema = new Schema(List.of(
            uint64("_block_num"), uint64("block_num"), hash("block_hash"), timestamp("timestamp"),
            uint32("tx_index"), hash("tx_hash"), uint32("log_index"), address("address"),
            nullableHash("topic0"), nullableHash("topic1"), nullableHash("topic2"), nullableHash("topic3"),
            binary("data"), decimal256("amount", true)));

    LogsTable(int transactionsPerBlock, int perTransaction) {
        if (perTransaction < 0) {
            throw new IllegalArgumentException("logs per transaction must not be negative: " + perTransaction);
        }
        this.transactionsPerBlock = transactionsPerBlock;
        this.perTransaction = perTransaction;
    }

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
        BigInteger number = BlockValues.number(block);
        List<Object[]> rows = new ArrayList<>(transactionsPerBlock * perTransaction);
        int logIndex = 0;
        for (int txIndex = 0; txIndex < transactionsPerBlock; txIndex++) {
            byte[] txHash = BlockValues.txHash(block, txIndex);
            for (int i = 0; i < perTransaction; i++, logIndex++) {
                DeterministicRandom random = DeterministicRandom.forBlock(block.contentSeed(), NAME, logIndex);
                int topics = random.nextInt(5);
                rows.add(new Object[] {
                    number,
                    number,
                    block.hash().bytes(),
                    BlockValues.timestamp(block),
                    (long) txIndex,
                    txHash.clone(),
                    (long) logIndex,
                    random.nextBytes(20),
                    topics > 0 ? random.nextBytes(32) : null,
                    topics > 1 ? random.nextBytes(32) : null,
                    topics > 2 ? random.nextBytes(32) : null,
                    topics > 3 ? random.nextBytes(32) : null,
                    random.nextBytes(random.nextInt(129)),
                    logIndex % 4 == 3 ? null : new BigDecimal(random.nextBigInteger(130 + random.nextInt(119))),
                });
            }
        }
        return rows;
    }
}
