package dev.ampconnect.simulator.data;

import dev.ampconnect.simulator.chain.BlockRef;
import dev.ampconnect.simulator.chain.ChainState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The tables of the synthetic EVM dataset: {@code blocks}, {@code transactions}, {@code logs}. */
public final class TableSet {

    private final Map<String, TableGenerator> tables = new LinkedHashMap<>();

    /**
     * @param transactionsPerBlock rows of {@code transactions} per block
     * @param logsPerTransaction   rows of {@code logs} per transaction
     */
    public TableSet(int transactionsPerBlock, int logsPerTransaction) {
        for (TableGenerator table : List.of(new BlocksTable(), new TransactionsTable(transactionsPerBlock),
                new LogsTable(transactionsPerBlock, logsPerTransaction))) {
            tables.put(table.name(), table);
        }
    }

    /** The table names, in a stable order. */
    public Set<String> names() {
        return tables.keySet();
    }

    /**
     * The table called {@code name}.
     *
     * @throws IllegalArgumentException naming the tables that exist
     */
    public TableGenerator table(String name) {
        TableGenerator table = tables.get(name);
        if (table == null) {
            throw new IllegalArgumentException("table '" + name + "' not found; the dataset has " + tables.keySet());
        }
        return table;
    }

    /** The rows of {@code table} for the canonical blocks {@code from..to} of {@code state}. */
    public List<TableRow> rows(String table, ChainState state, long from, long to) {
        TableGenerator generator = table(table);
        List<TableRow> rows = new ArrayList<>();
        for (BlockRef block : state.blocks(from, to)) {
            for (Object[] values : generator.rows(block)) {
                rows.add(TableRow.of(table, generator.schema(), values));
            }
        }
        return rows;
    }
}
