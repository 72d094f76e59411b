package dev.ampconnect.common.sink;

import dev.ampconnect.common.sink.registry.TableRegistry;
import dev.ampconnect.common.sink.store.SinkStore;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** The registries of the tables this task touched, loaded from the store on first use. */
final class TableRegistries {

    private final SinkStore store;
    /** Runs before the store is read: settles a unit the store may still be applying on another thread. */
    private final Runnable beforeStoreAccess;
    private final Map<String, TableRegistry> registries = new TreeMap<>();

    TableRegistries(SinkStore store, Runnable beforeStoreAccess) {
        this.store = store;
        this.beforeStoreAccess = beforeStoreAccess;
    }

    /** The registry of {@code table}, loading it from the store the first time. */
    TableRegistry get(String table) {
        TableRegistry registry = registries.get(table);
        if (registry == null) {
            beforeStoreAccess.run();
            registry = TableRegistry.load(table, store.loadTable(table));
            registries.put(table, registry);
        }
        return registry;
    }

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
