package dev.ampconnect.sink.postgresql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An existing table as the catalog describes it.
 *
 * @param name          the table name (in the configured schema)
 * @param columns       columns by name, in column order
 * @param uniqueKeys    column sets of its unique indexes (primary key included)
 */
record PgTable(String name, Map<String, PgColumn> columns, List<Set<String>> uniqueKeys) {

    /** The column every amp row carries: its batch's registry sequence. */
    static final String SEQUENCE_COLUMN = "_amp_batch_seq";

    PgTable {
        columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        uniqueKeys = List.copyOf(uniqueKeys);
    }

    boolean hasSequence() {
        return columns.containsKey(SEQUENCE_COLUMN);
    }

    /** Whether a unique index covers exactly {@code key} (what ON CONFLICT needs). */
    boolean hasUniqueKey(List<String> key) {
        return uniqueKeys.contains(Set.copyOf(key));
    }
}
