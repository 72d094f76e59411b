package dev.ampconnect.simulator.data;

import static dev.ampconnect.simulator.data.EvmFields.address;
import static dev.ampconnect.simulator.data.EvmFields.binary;
import static dev.ampconnect.simulator.data.EvmFields.decimal128;
import static dev.ampconnect.simulator.data.EvmFields.hash;
import static dev.ampconnect.simulator.data.EvmFields.int32;
import static dev.ampconnect.simulator.data.EvmFields.list;
import static dev.ampconnect.simulator.data.EvmFields.nullableAddress;
import static dev.ampconnect.simulator.data.EvmFields.struct;
import static dev.ampconnect.simulator.data.EvmFields.timestamp;
import static dev.ampconnect.simulator.data.EvmFields.uint32;
import static dev.ampconnect.simulator.data.EvmFields.uint64;
import static dev.ampconnect.simulator.data.EvmFields.utf8;

import dev.ampconnect.simulator.chain.BlockRef;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * {@code transactions}: a fixed number per block. {@code value} is the decimal text of a u256 (Utf8, as amp
 * serves it); transaction 0 of every block whose number is divisible by 3 carries a value above 2^200.
 * {@code to} is null for every fifth transaction (contract creations). {@code access_list} is a
 * {@code List<Struct<address, storage_keys: List<hash>>>}, empty for legacy (type 0) transactions.
 */
final class TransactionsTable implements TableGenerator {

    static final String NAME = "transactions";

    private final int perBlock;
    private final Schema schema = new Schema(List.of(
            uint64("_block_num"), uint64("block_num"), hash("block_hash"), timestamp("timestamp"),
            uint32("tx_index"), hash("tx_hash"), address("from"), nullableAddress("to"), uint64("nonce"),
            uint64("gas_limit"), decimal128("gas_price", true), uint64("gas_used"), utf8("value"),
            binary("input"), int32("type"),
            list("access_list", struct("item", address("address"), list("storage_keys", hash("item"))))));

    TransactionsTable(int perBlock) {
        if (perBlock < 0) {
            throw new IllegalArgumentException("transactions per block must not be negative: " + perBlock);
        }
        this.perBlock = perBlock;
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
        List<Object[]> rows = new ArrayList<>(perBlock);
        for (int txIndex = 0; txIndex < perBlock; txIndex++) {
            DeterministicRandom random = DeterministicRandom.forBlock(block.contentSeed(), NAME, txIndex);
            int type = txIndex % 3;
            long gasLimit = random.nextLong(21_000, 1_000_000);
            rows.add(new Object[] {
                number,
                number,
                block.hash().bytes(),
                BlockValues.timestamp(block),
                (long) txIndex,
                BlockValues.txHash(block, txIndex),
                random.nextBytes(20),
                txIndex % 5 == 4 ? null : random.nextBytes(20),
                BigInteger.valueOf(random.nextLong(0, 100_000)),
                BigInteger.valueOf(gasLimit),
                BigDecimal.valueOf(random.nextLong(1_000_000_000L, 500_000_000_000L)),
                BigInteger.valueOf(random.nextLong(21_000, gasLimit)),
                value(block, txIndex, random),
                random.nextBytes(4 + random.nextInt(257)),
                type,
                type == 0 ? List.of() : accessList(random),
            });
        }
        return rows;
    }

    private static String value(BlockRef block, int txIndex, DeterministicRandom random) {
        if (txIndex == 0 && block.number() % 3 == 0) {
            return random.nextBigInteger(201 + random.nextInt(55)).toString();
        }
        return random.nextInt(4) == 0 ? "0" : random.nextBigInteger(1 + random.nextInt(90)).toString();
    }

    private static List<Object> accessList(DeterministicRandom random) {
        int entries = random.nextInt(3);
        List<Object> list = new ArrayList<>(entries);
        for (int i = 0; i < entries; i++) {
            int keys = random.nextInt(3);
            List<Object> storageKeys = new ArrayList<>(keys);
            for (int k = 0; k < keys; k++) {
                storageKeys.add(random.nextBytes(32));
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("address", random.nextBytes(20));
            entry.put("storage_keys", storageKeys);
            list.add(entry);
        }
        return list;
    }
}
