package dev.ampconnect.common.sink;

import dev.ampconnect.common.sink.registry.TableRegistry;
import dev.ampconnect.common.sink.store.TableSnapshot;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** The registries of the tables this task touched, as loaded from the store by the engine. */
final class TableRegistries {

    private final Map<String, TableRegistry> registries = new TreeMap<>();

    /** Adds the registry of {@code table} as the store holds it. */
    TableRegistry loaded(String table, TableSnapshot snapshot) {
        TableRegistry registry = TableRegistry.load(table, snapshot);
        registries.put(table, registry);
        return registry;
    }

    /** The registry of {@code table}, or null when it is not loaded. */
    TableRegistry find(String table) {
        return registries.get(table);
    }

    /** Loaded registries, by table name. */
    Collection<TableRegistry> all() {
        return registries.values();
    }

    /** Forgets everything (another task may own the tables now; they are reloaded on next use). */
    void clear() {
        registries.clear();
    }
}
