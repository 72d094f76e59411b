package dev.ampconnect.sink.clickhouse;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An existing table as {@code system.columns} describes it.
 *
 * @param database the database
 * @param name     the table name
 * @param columns  columns by name, in column order
 */
record ChTable(String database, String name, Map<String, ChColumn> columns) {

    /** The column every amp row carries: its batch's registry sequence, for whole-batch deletes. */
    static final String SEQUENCE_COLUMN = "_amp_batch_seq";

    ChTable {
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    boolean hasSequence() {
        return columns.containsKey(SEQUENCE_COLUMN);
    }

    /** {@code `database`.`table`}. */
    String qualified() {
        return ChIdentifiers.qualified(database, name);
    }
}
