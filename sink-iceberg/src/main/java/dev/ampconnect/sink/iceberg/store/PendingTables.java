package dev.ampconnect.sink.iceberg.store;

import java.util.HashMap;
import java.util.Map;

/**
 * The sink state of tables that do not exist yet, held by the task. A table is created with its first rows (its
 * schema comes from them), but a stream's first units often carry none: the source's rewind that starts every
 * session, a microbatch without rows. What those units change (registry, state, the table's offsets and marks) is
 * kept here as the property values the table would hold, the next unit builds on them, and the unit that creates
 * the table commits them with its rows. Nothing here survives the task; nothing needs to: the partition marks of
 * those units were not stored either, so a new task processes their records again.
 */
final class PendingTables {

    private final Map<String, Map<String, String>> tables = new HashMap<>();

    /** The sink's property values of a table that does not exist yet (empty when no unit touched it). */
    Map<String, String> of(String table) {
        return tables.getOrDefault(table, Map.of());
    }

    void keep(String table, Map<String, String> properties) {
        tables.put(table, Map.copyOf(properties));
    }

    /** The table exists now: its own properties are the state. */
    void created(String table) {
        tables.remove(table);
    }
}
