package dev.ampconnect.sink.postgresql;

import dev.ampconnect.common.sink.batch.BatchSlice;
import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.store.RegisteredBatch;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Field;

/**
 * Upsert mode (sink rule 7): rows are copied into a staging table, then per batch (in sequence order) the
 * rows they are about to overwrite are saved as pre-images under the batch's sequence, and the batch's last
 * row per key is upserted with {@code INSERT … ON CONFLICT}. Undoing a batch (highest sequence first)
 * deletes the rows it wrote and restores its pre-images, so a key an older valid batch wrote comes back.
 * A batch that spans several flushes saves a key's pre-image only once (its own rows are not pre-images).
 */
final class UpsertTableWriter implements PgTableWriter {

    private final PgTableCatalog catalog;

    UpsertTableWriter(PgTableCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void write(Connection connection, String table, ColumnarBatch batch) throws SQLException {
        PgTable target = catalog.ensure(connection, table, batch);
        String staging = catalog.staging(connection, target);
        PgCopyWriter.copy(connection, PgIdentifiers.quote(staging), table, target, batch, true);

        List<String> key = catalog.primaryKey();
        List<String> written = new ArrayList<>();
        for (Field field : batch.valueSchema().fields()) {
            written.add(field.name());
        }
        if (batch.isAmp()) {
            written.add(PgTable.SEQUENCE_COLUMN);
        }
        String keyList = PgIdentifiers.list(key);
        List<String> updated = written.stream().filter(c -> !key.contains(c)).toList();
        String onConflict = updated.isEmpty() ? " ON CONFLICT (" + keyList + ") DO NOTHING"
                : " ON CONFLICT (" + keyList + ") DO UPDATE SET "
                + updated.stream().map(c -> PgIdentifiers.quote(c) + " = EXCLUDED." + PgIdentifiers.quote(c))
                .collect(Collectors.joining(", "));
        String upsert = "INSERT INTO " + catalog.qualified(table) + " (" + PgIdentifiers.list(written) + ") SELECT DISTINCT ON ("
                + keyList + ") " + PgIdentifiers.list(written) + " FROM " + PgIdentifiers.quote(staging)
                + (batch.isAmp() ? " WHERE " + PgIdentifiers.quote(PgTable.SEQUENCE_COLUMN) + " = ?" : "")
                + " ORDER BY " + keyList + ", " + PgIdentifiers.quote(PgTableCatalog.STAGING_ORDER_COLUMN) + " DESC" + onConflict;
        if (!batch.isAmp()) {
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate(upsert);
            }
            return;
        }
        List<String> targetColumns = List.copyOf(catalog.find(connection, table).columns().keySet());
        String keyTuple = "(" + key.stream().map(c -> "t." + PgIdentifiers.quote(c)).collect(Collectors.joining(", ")) + ")";
        String saveSql = "INSERT INTO " + catalog.qualified(PgTableCatalog.preimageTable(table)) + " ("
                + PgIdentifiers.quote(PgTableCatalog.PREIMAGE_SEQUENCE_COLUMN) + ", " + PgIdentifiers.list(targetColumns)
                + ") SELECT ?, " + targetColumns.stream().map(c -> "t." + PgIdentifiers.quote(c)).collect(Collectors.joining(", "))
                + " FROM " + catalog.qualified(table) + " t WHERE " + keyTuple + " IN (SELECT " + keyList + " FROM "
                + PgIdentifiers.quote(staging) + " WHERE " + PgIdentifiers.quote(PgTable.SEQUENCE_COLUMN) + " = ?) AND t."
                + PgIdentifiers.quote(PgTable.SEQUENCE_COLUMN) + " IS DISTINCT FROM ?";
        Set<Long> sequences = new LinkedHashSet<>();
        for (BatchSlice slice : batch.slices()) {
            sequences.add(slice.sequence());
        }
        try (PreparedStatement save = connection.prepareStatement(saveSql);
             PreparedStatement write = connection.prepareStatement(upsert)) {
            for (long sequence : sequences) {
                save.setLong(1, sequence);
                save.setLong(2, sequence);
                save.setLong(3, sequence);
                save.executeUpdate();
                write.setLong(1, sequence);
                write.executeUpdate();
            }
        }
    }

    @Override
    public void undo(Connection connection, String table, List<RegisteredBatch> batches) throws SQLException {
        PgTable target = catalog.find(connection, table);
        PgTable preimages = catalog.find(connection, PgTableCatalog.preimageTable(table));
        if (target == null || !target.hasSequence()) {
            return;
        }
        List<String> restored = new ArrayList<>(target.columns().keySet());
        if (preimages != null) {
            restored.retainAll(preimages.columns().keySet());
        }
        String seq = PgIdentifiers.quote(PgTable.SEQUENCE_COLUMN);
        String preimageSeq = PgIdentifiers.quote(PgTableCatalog.PREIMAGE_SEQUENCE_COLUMN);
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + catalog.qualified(table)
                + " WHERE " + seq + " = ?")) {
            PreparedStatement restore = preimages == null ? null : connection.prepareStatement("INSERT INTO "
                    + catalog.qualified(table) + " (" + PgIdentifiers.list(restored) + ") SELECT " + PgIdentifiers.list(restored)
                    + " FROM " + catalog.qualified(preimages.name()) + " WHERE " + preimageSeq + " = ?");
            PreparedStatement drop = preimages == null ? null : connection.prepareStatement("DELETE FROM "
                    + catalog.qualified(preimages.name()) + " WHERE " + preimageSeq + " = ?");
            try {
                for (RegisteredBatch batch : batches) {
                    delete.setLong(1, batch.sequence());
                    delete.executeUpdate();
                    if (restore != null) {
                        restore.setLong(1, batch.sequence());
                        restore.executeUpdate();
                        drop.setLong(1, batch.sequence());
                        drop.executeUpdate();
                    }
                }
            } finally {
                if (restore != null) {
                    restore.close();
                    drop.close();
                }
            }
        }
    }

    @Override
    public void forget(Connection connection, String table, List<RegisteredBatch> batches) throws SQLException {
        PgTable preimages = catalog.find(connection, PgTableCatalog.preimageTable(table));
        if (preimages == null) {
            return;
        }
        Long[] sequences = batches.stream().map(RegisteredBatch::sequence).toArray(Long[]::new);
        Array array = connection.createArrayOf("bigint", sequences);
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + catalog.qualified(preimages.name())
                + " WHERE " + PgIdentifiers.quote(PgTableCatalog.PREIMAGE_SEQUENCE_COLUMN) + " = ANY (?)")) {
            delete.setArray(1, array);
            delete.executeUpdate();
        } finally {
            array.free();
        }
    }

    @Override
    public void truncate(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (catalog.find(connection, table) != null) {
                statement.execute("TRUNCATE TABLE " + catalog.qualified(table));
            }
            if (catalog.find(connection, PgTableCatalog.preimageTable(table)) != null) {
                statement.execute("TRUNCATE TABLE " + catalog.qualified(PgTableCatalog.preimageTable(table)));
            }
        }
    }
}
