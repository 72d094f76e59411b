package dev.ampconnect.simulator.sql;

import java.util.List;

/**
 * A query in the simulator's SQL subset.
 *
 * @param dataset       the dataset reference as written, unquoted (e.g. {@code edgeandnode/ethereum_mainnet@1.0.0})
 * @param table         the table name
 * @param columns       projected columns in order; empty for {@code *}
 * @param filter        the blocks the WHERE clause keeps
 * @param streamSetting {@code SETTINGS stream = ...}, or null when absent
 */
public record ParsedQuery(String dataset, String table, List<String> columns, BlockFilter filter,
                          Boolean streamSetting) {

    public ParsedQuery {
        columns = List.copyOf(columns);
    }

    /** Whether the query selects {@code *}. */
    public boolean selectsAll() {
        return columns.isEmpty();
    }
}
