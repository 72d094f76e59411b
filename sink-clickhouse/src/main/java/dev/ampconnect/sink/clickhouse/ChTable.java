package dev.ampconnect.sink.clickhouse;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An existing table as {@code system.columns} and {@code system.tables} describe it.
 *
 * @param database   the database
 * @param name       the table name
 * @param columns    columns by name, in column order
 * @param uuid       the table's UUID ({@code system.tables.uuid}): its incarnation, new whenever the table is
 *                   re-created; all zeros in an Ordinary database
 * @param engine     the engine name, e.g. {@code MergeTree} or {@code ReplicatedMergeTree}
 * @param engineFull the engine clause with its settings ({@code system.tables.engine_full})
 */
record ChTable(String database, String name, Map<String, ChColumn> columns, String uuid, String engine, String engineFull) {

    /** The column every amp row carries: its batch's registry sequence, for whole-batch deletes. */
    static final String SEQUENCE_COLUMN = "_amp_batch_seq";

    private static final Pattern SETTING = Pattern.compile("\\b([a-z_]+)\\s*=\\s*(\\d+)");

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

    /** Whether the engine is a replicated MergeTree (its inserts are deduplicated through Keeper). */
    boolean isReplicated() {
        return engine.startsWith("Replicated") || engine.startsWith("Shared");
    }

    /** Whether the engine is of the MergeTree family. */
    boolean isMergeTree() {
        return engine.endsWith("MergeTree");
    }

    /** A numeric table setting as {@code engine_full} states it, or {@code null} when the table does not set it. */
    Long setting(String name) {
        Matcher matcher = SETTING.matcher(engineFull);
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                return Long.parseLong(matcher.group(2));
            }
        }
        return null;
    }

    /**
     * Whether a DELETE can be written as a patch part ({@code lightweight_delete_mode='lightweight_update'}): the
     * table stores block numbers and offsets (tables this sink creates do; older ones may not).
     */
    boolean supportsPatchParts() {
        Long number = setting("enable_block_number_column");
        Long offset = setting("enable_block_offset_column");
        return number != null && number == 1 && offset != null && offset == 1;
    }
}
