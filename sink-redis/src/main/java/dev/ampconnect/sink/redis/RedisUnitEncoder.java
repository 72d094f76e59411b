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
 * Encodes one unit of work as the ARGV of {@code apply-unit.lua}: {@code "1"}, the state prefix, then ops
 * (every count is the number of items that follow):
 * <pre>
 * F n (epoch-field epoch next-field stored-next new-next)*n
 *                                      fencing and offset compare-and-set (checked before any write)
 * T table                              the table of the ops that follow
 * C n (column type)*n                  new catalog columns
 * W structure unique ttl rows row*     rows: seq key (n (field value)*n | json | member | score member)
 * R n (sequence json)*n                registry entries to upsert
 * U sequence                           undo a batch (highest sequence first)
 * X batches-json ttl                   stream retraction entries for the undone batches
 * P sequence                           prune a batch (forget its undo log and pre-images)
 * S n (field value)*n                  table state
 * G n (network json)*n                 the table's progress entries (replacing the old ones)
 * O n (next-field offset)*n            new offsets
 * </pre>
 * Rows the store cannot represent are rejected here ({@link StoreException#rejectedRow}), before anything
 * is sent.
 */
final class RedisUnitEncoder {

    private final StateKeys keys;
    private final RedisLayout layout;
    private final TableCatalog catalog;
    private final RegistryMirror mirror;
    private final RowEncoder rows;

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
     * @param args       the script's ARGV
     * @param blocks     the columnar batch of every W op, in order (script errors name a block)
     * @param columns    per table, the catalog columns the unit adds
     * @param registries per table, the registry once the unit is applied
     */
    record Encoded(ScriptArgs args, List<ColumnarBatch> blocks, List<String> blockTables,
                   Map<String, Map<String, String>> columns, Map<String, NavigableMap<Long, RegisteredBatch>> registries) {
    }

    /**
     * @param storedOffsets the next offsets the store holds as far as this task knows (absent: none stored); the
     *                      script refuses the unit when the store holds something else (see {@link ApplyScript})
     */
    Encoded encode(UnitOfWork unit, Map<TopicPartition, Long> storedOffsets) {
        ScriptArgs args = new ScriptArgs(estimate(unit));
        args.add("1").add(keys.prefix());
        List<TopicPartition> partitions = new ArrayList<>(unit.offsets().keySet());
        partitions.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        args.add("F").add(partitions.size());
        for (TopicPartition partition : partitions) {
            OffsetCommit commit = unit.offsets().get(partition);
            Long known = storedOffsets.get(partition);
            args.add(StateKeys.epochField(partition)).add(commit.epoch()).add(StateKeys.nextField(partition))
                    .add(known == null ? "" : Long.toString(known)).add(commit.nextOffset());
        }
        List<ColumnarBatch> blocks = new ArrayList<>();
        List<String> blockTables = new ArrayList<>();
        Map<String, Map<String, String>> columns = new LinkedHashMap<>();
        Map<String, NavigableMap<Long, RegisteredBatch>> registries = new LinkedHashMap<>();
        for (TableChange change : unit.tables()) {
            String table = change.table();
            checkTableName(table);
            if (change.truncateFirst()) {
                throw new StoreException(StoreException.Kind.FATAL, table, "table.truncate.on.first.write is not supported"
                        + " by the Redis sink: a table's keys cannot be found without SCAN");
            }
            args.add("T").add(table);
            Map<String, String> added = new LinkedHashMap<>();
            for (ColumnarBatch batch : change.writes()) {
                added.putAll(catalog.plan(table, batch, added));
            }
            if (!added.isEmpty()) {
                args.add("C").add(added.size());
                added.forEach((column, type) -> args.add(column).add(type));
            }
            columns.put(table, added);
            for (ColumnarBatch batch : change.writes()) {
                rows.encode(table, batch, args);
                blocks.add(batch);
                blockTables.add(table);
            }
            registry(change, args, registries);
        }
        args.add("O").add(partitions.size());
        for (TopicPartition partition : partitions) {
            OffsetCommit commit = unit.offsets().get(partition);
            args.add(StateKeys.nextField(partition)).add(commit.nextOffset());
        }
        return new Encoded(args, blocks, blockTables, columns, registries);
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

    private static int estimate(UnitOfWork unit) {
        long values = 64;
        for (TableChange change : unit.tables()) {
            for (ColumnarBatch batch : change.writes()) {
                values += (long) batch.rowCount() * (3 + 2L * batch.root().getFieldVectors().size());
            }
        }
        return (int) Math.min(values, 50_000_000);
    }
}
