package dev.ampconnect.sink.redis;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.store.OffsetCommit;
import dev.ampconnect.common.sink.store.RegisteredBatch;
import dev.ampconnect.common.sink.store.StoreException;
import dev.ampconnect.common.sink.store.TableChange;
import dev.ampconnect.common.sink.store.UnitOfWork;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Encodes one unit of work for its MULTI/EXEC ({@link UnitParts}). Both script calls take {@code "1"}, the
 * state prefix, then ops (every count is the number of items that follow):
 * <pre>
 * prepare call:
 * T table                                   the table of the ops that follow
 * W hash|string unique ttl n (seq count key*count)*n    row keys: keep pre-images, log the keys
 * W set|zset unique ttl n (seq key member)*n            log added members / previous scores
 * W stream unique ttl n (seq key m (field value)*m)*n   XADD the entries, log their ids
 * finish call:
 * T table
 * C n (column type)*n                       new catalog columns
 * R n (sequence json)*n                     registry entries to upsert
 * U sequence                                undo a batch (highest sequence first)
 * X batches-json ttl                        stream retraction entries for the undone batches
 * P sequence                                prune a batch (forget its undo log and pre-images)
 * S n (field value)*n                       table state
 * G n (network json)*n                      the table's progress entries (replacing the old ones)
 * O n (next-field offset)*n                 the new offsets
 * </pre>
 * ({@code seq} is the row's batch sequence, {@code -} for plain rows.) Rows the store cannot represent are
 * rejected here ({@link StoreException#rejectedRow}), before anything is sent.
 */
final class RedisUnitEncoder {

    private final StateKeys keys;
    private final RedisLayout layout;
    private final TableCatalog catalog;
    private final RegistryMirror mirror;
    private final RowEncoder rows;
    /**
     * Rows encoded ahead per batch: filled on the task's thread, taken on the background writer (the
     * executor's hand-over orders them), so the map itself is synchronized.
     */
    private final Map<ColumnarBatch, UnitParts> encodedAhead =
            java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());
    private static final int MAX_ENCODED_AHEAD = 256;

    RedisUnitEncoder(StateKeys keys, RedisLayout layout, TableCatalog catalog, RegistryMirror mirror) {
        this.keys = keys;
        this.layout = layout;
        this.catalog = catalog;
        this.mirror = mirror;
        this.rows = new RowEncoder(layout);
    }

    /**
     * The encoded unit.
     *
     * @param parts      what the unit's transaction runs
     * @param columns    per table, the catalog columns the unit adds
     * @param registries per table, the registry once the unit is applied
     */
    record Encoded(UnitParts parts, Map<String, Map<String, String>> columns,
                   Map<String, NavigableMap<Long, RegisteredBatch>> registries) {
    }

    /**
     * Encodes the rows of a batch ahead of its unit (on the task's thread, while the previous unit is
     * written), when they need nothing from the rest of the unit. A row the store cannot represent leaves
     * the batch to be encoded with its unit, where the rejection is raised as usual.
     */
    void encodeAhead(String table, ColumnarBatch batch) {
        if (!rows.encodesAhead()) {
            return;
        }
        UnitParts ahead = new UnitParts(keys.prefix(), batch.rowCount());
        try {
            rows.encode(table, batch, ahead);
        } catch (RuntimeException rejected) {
            return;
        }
        if (encodedAhead.size() >= MAX_ENCODED_AHEAD) {
            // batches of units that were never applied (a failed flush rebuilds its batches)
            encodedAhead.clear();
        }
        encodedAhead.put(batch, ahead);
    }

    Encoded encode(UnitOfWork unit) {
        UnitParts parts = new UnitParts(keys.prefix(), (int) Math.min(unit.rowsWritten(), 20_000_000L));
        Map<String, Map<String, String>> columns = new LinkedHashMap<>();
        Map<String, NavigableMap<Long, RegisteredBatch>> registries = new LinkedHashMap<>();
        for (TableChange change : unit.tables()) {
            String table = change.table();
            checkTableName(table);
            if (change.truncateFirst()) {
                throw new StoreException(StoreException.Kind.FATAL, table, "table.truncate.on.first.write is not supported"
                        + " by the Redis sink: a table's keys cannot be found without SCAN");
            }
            Map<String, String> added = new LinkedHashMap<>();
            for (ColumnarBatch batch : change.writes()) {
                added.putAll(catalog.plan(table, batch, added));
            }
            columns.put(table, added);
            if (!change.writes().isEmpty()) {
                parts.prepare.add("T").add(table);
                for (ColumnarBatch batch : change.writes()) {
                    UnitParts ahead = encodedAhead.remove(batch);
                    if (ahead != null) {
                        parts.append(ahead);
                    } else {
                        rows.encode(table, batch, parts);
                    }
                }
                parts.uniqueKeys.writeTo(parts);
            }
            ScriptArgs finish = parts.finish;
            finish.add("T").add(table);
            if (!added.isEmpty()) {
                finish.add("C").add(added.size());
                added.forEach((column, type) -> finish.add(column).add(type));
            }
            registry(change, finish, registries);
        }
        List<TopicPartition> partitions = new ArrayList<>(unit.offsets().keySet());
        partitions.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        parts.finish.add("O").add(partitions.size());
        for (TopicPartition partition : partitions) {
            OffsetCommit commit = unit.offsets().get(partition);
            parts.finish.add(StateKeys.nextField(partition)).add(commit.nextOffset());
        }
        return new Encoded(parts, columns, registries);
    }

    private void registry(TableChange change, ScriptArgs args, Map<String, NavigableMap<Long, RegisteredBatch>> registries) {
        if (!change.registered().isEmpty()) {
            args.add("R").add(change.registered().size());
            for (RegisteredBatch batch : change.registered()) {
                args.add(batch.sequence()).add(RegistryCodec.batch(batch));
            }
        }
        for (RegisteredBatch batch : change.invalidated()) {
            args.add("U").add(batch.sequence());
        }
        if (!change.invalidated().isEmpty() && layout.structure() == RedisStructure.STREAM) {
            args.add("X").add(RegistryCodec.retracted(change.invalidated())).add(layout.ttlMs());
        }
        for (RegisteredBatch batch : change.pruned()) {
            args.add("P").add(batch.sequence());
        }
        if (change.state() != null) {
            Map<String, String> fields = RegistryCodec.state(change.state());
            args.add("S").add(fields.size());
            fields.forEach((field, value) -> args.add(field).add(value));
        }
        if (!change.registered().isEmpty() || !change.invalidated().isEmpty() || !change.pruned().isEmpty()) {
            NavigableMap<Long, RegisteredBatch> after = mirror.after(change);
            registries.put(change.table(), after);
            Map<String, String> progress = RegistryMirror.progress(after);
            args.add("G").add(progress.size());
            progress.forEach((network, json) -> args.add(network).add(json));
        }
    }

    /** Table names become part of the sink's own key names, where {@code :} separates the parts. */
    private static void checkTableName(String table) {
        if (table.indexOf(':') >= 0) {
            throw new StoreException(StoreException.Kind.FATAL, table, "table name '" + table + "' contains ':', which"
                    + " separates the parts of the sink's own key names; choose a table.name.format without ':' (put key"
                    + " prefixes into redis.key.template instead, e.g. app:${table}:${row})");
        }
    }
}
