package dev.ampconnect.sink.redis;

import dev.ampconnect.common.range.BlockRange;
import dev.ampconnect.common.sink.store.RegisteredBatch;
import dev.ampconnect.common.sink.store.TableChange;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What the store holds in each table's batch registry, mirrored from {@code loadTable} and every applied
 * change, so each unit can rewrite the table's progress entry ({@code progress:<table>}: per network the
 * last complete block) in the same script without reading the registry back.
 */
final class RegistryMirror {

    private final Map<String, NavigableMap<Long, RegisteredBatch>> tables = new HashMap<>();

    /** Starts mirroring a table from what the store returned. */
    void loaded(String table, List<RegisteredBatch> batches) {
        NavigableMap<Long, RegisteredBatch> entries = new TreeMap<>();
        batches.forEach(batch -> entries.put(batch.sequence(), batch));
        tables.put(table, entries);
    }

    /** The registry of {@code change.table()} once the change is applied (the mirror itself is unchanged). */
    NavigableMap<Long, RegisteredBatch> after(TableChange change) {
        NavigableMap<Long, RegisteredBatch> entries = new TreeMap<>(tables.getOrDefault(change.table(), new TreeMap<>()));
        change.registered().forEach(batch -> entries.put(batch.sequence(), batch));
        change.invalidated().forEach(batch -> entries.remove(batch.sequence()));
        change.pruned().forEach(batch -> entries.remove(batch.sequence()));
        return entries;
    }

    /** Records a table's registry after a successful unit. */
    void committed(String table, NavigableMap<Long, RegisteredBatch> entries) {
        tables.put(table, entries);
    }

    /** Per network, the progress entry of the newest complete batch, as {@link RegistryCodec#progress} encodes it. */
    static Map<String, String> progress(NavigableMap<Long, RegisteredBatch> entries) {
        Map<String, String> progress = new LinkedHashMap<>();
        for (RegisteredBatch batch : entries.descendingMap().values()) {
            if (!batch.complete()) {
                continue;
            }
            for (BlockRange range : batch.ranges()) {
                progress.putIfAbsent(range.network(), RegistryCodec.progress(batch, range));
            }
        }
        return progress;
    }
}
