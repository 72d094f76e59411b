package dev.ampconnect.packaging.e2e;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One amp stream of the end-to-end pipeline: the simulator table it queries, the columns it selects (the same
 * list the truth checks compare), the columns that identify a row, the Kafka topic and the record format the
 * source writes it in. The target table in every sink is named like the stream ({@code table.name.format=${stream}}).
 *
 * @param name       stream name (source {@code streams} entry, sink table name)
 * @param table      simulator table ({@code blocks}, {@code transactions}, {@code logs})
 * @param columns    selected columns, in query order
 * @param keyColumns columns identifying a row of the canonical chain (and the Redis key of a row)
 * @param topic      Kafka topic, one partition
 * @param arrow      {@code record.format=arrow} (else {@code rows})
 */
public record PipelineStream(String name, String table, List<String> columns, List<String> keyColumns, String topic,
                             boolean arrow) {

    /** The dataset every query names; the simulator maps any dataset to its one chain. */
    public static final String DATASET = "\"edgeandnode/ethereum_mainnet@1.0.0\"";

    /**
     * Transactions as {@code record.format=rows} (JSON converter): UInt64 as Decimal(20,0), UInt32, Int32,
     * FixedSizeBinary (one nullable), a u256 string, a nullable Decimal128 and a timestamp.
     */
    public static final PipelineStream TRANSACTIONS = new PipelineStream("transactions", "transactions",
            List.of("_block_num", "block_num", "block_hash", "timestamp", "tx_index", "tx_hash", "from", "to", "nonce",
                    "gas_price", "value", "type"),
            List.of("block_num", "tx_index"), "amp.transactions", false);

    /** Blocks as {@code record.format=arrow} (Arrow IPC bytes, ByteArrayConverter), one row per block. */
    public static final PipelineStream BLOCKS = new PipelineStream("blocks", "blocks",
            List.of("_block_num", "block_num", "timestamp", "hash", "parent_hash", "miner", "gas_used", "nonce",
                    "base_fee_per_gas"),
            List.of("block_num"), "amp.blocks", true);

    public PipelineStream {
        columns = List.copyOf(columns);
        keyColumns = List.copyOf(keyColumns);
    }

    /** The streaming SQL of the source's {@code stream.<name>.query}. */
    public String query() {
        return "SELECT " + columns.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(", "))
                + " FROM " + DATASET + "." + table;
    }
}
