package dev.ampconnect.common.sink.registry;

import dev.ampconnect.common.sink.store.RegisteredBatch;
import dev.ampconnect.common.sink.store.TableState;
import java.util.List;

/**
 * The registry part of one table's unit of work.
 *
 * @param registered  entries to insert or update
 * @param invalidated stored entries to undo, highest sequence first
 * @param pruned      stored entries to forget
 * @param state       the new table state, or {@code null} when unchanged
 */
public record RegistryChanges(List<RegisteredBatch> registered, List<RegisteredBatch> invalidated,
                              List<RegisteredBatch> pruned, TableState state) {

    public RegistryChanges {
        registered = List.copyOf(registered);
        invalidated = List.copyOf(invalidated);
        pruned = List.copyOf(pruned);
    }

    /** Whether nothing changes. */
    public boolean isEmpty() {
        return registered.isEmpty() && invalidated.isEmpty() && pruned.isEmpty() && state == null;
    }
}
