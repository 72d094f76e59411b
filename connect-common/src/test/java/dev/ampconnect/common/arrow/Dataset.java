package dev.ampconnect.common.arrow;

import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.vector.types.pojo.Schema;

/** A named test dataset: an Arrow schema and rows of raw Arrow values for it. */
record Dataset(String stream, Schema arrow, List<Object[]> rows) {

    /** Every dataset the compatibility tests run: the EVM tables and the all-types table. */
    static Stream<Dataset> all() {
        return Stream.of(
                new Dataset("blocks", EvmDatasets.BLOCKS, EvmDatasets.blocks(17_000_000L, 10)),
                new Dataset("transactions", EvmDatasets.TRANSACTIONS, EvmDatasets.transactions(17_000_000L, 12, 68)),
                new Dataset("logs", EvmDatasets.LOGS, EvmDatasets.logs(17_000_000L, 9)),
                new Dataset("eth-mainnet.transfers", EvmDatasets.DECODED_TRANSFERS, EvmDatasets.decodedTransfers(17_000_000L, 4)),
                new Dataset("all_types", EvmDatasets.ALL_TYPES, EvmDatasets.allTypes()));
    }

    @Override
    public String toString() {
        return stream;
    }
}
