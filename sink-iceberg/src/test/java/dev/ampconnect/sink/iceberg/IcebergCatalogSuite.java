package dev.ampconnect.sink.iceberg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.arrow.Uint64Mode;
import dev.ampconnect.common.sink.batch.BatchSlice;
import dev.ampconnect.sink.iceberg.commit.CommitHooks;
import dev.ampconnect.sink.iceberg.commit.FencedCommitException;
import dev.ampconnect.sink.iceberg.commit.TableCommit;
import dev.ampconnect.sink.iceberg.schema.IcebergTables;
import dev.ampconnect.sink.iceberg.schema.IncompatibleTableException;
import dev.ampconnect.sink.iceberg.schema.TableSchemas;
import dev.ampconnect.sink.iceberg.write.DataFileRef;
import dev.ampconnect.sink.iceberg.write.FileDeletion;
import dev.ampconnect.sink.iceberg.write.ParquetBatchWriter;
import dev.ampconnect.sink.iceberg.write.RejectedValueException;
import dev.ampconnect.sink.iceberg.write.RowDeleteWriter;
import dev.ampconnect.sink.iceberg.write.RowDeletes;
import dev.ampconnect.sink.iceberg.write.RowRun;
import dev.ampconnect.sink.iceberg.write.WriteThreads;
import dev.ampconnect.sink.iceberg.write.WrittenFiles;
import dev.ampconnect.testsupport.iceberg.IcebergCatalog;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.TimeStampNanoTZVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The phase-1 Iceberg sink mechanics against a real catalog with a local file warehouse, configured through
 * the connector's {@code iceberg.catalog.*} keys: table creation, evolution and compatibility, every type
 * round-tripping through Iceberg's generic reader, position deletes (v2) and deletion vectors (v3) leaving
 * exactly the survivors, and the epoch compare-and-set refusing a stale commit. Subclasses choose the catalog.
 */
abstract class IcebergCatalogSuite {

    static final String EPOCH = "amp.sink.test.epoch.rows-0";

    private static BufferAllocator allocator;
    private Catalog catalog;

    /** The catalog of the running test class. */
    abstract IcebergCatalog catalogHandle();

    @BeforeAll
    static void openAllocator() {
        allocator = new RootAllocator();
    }

    @AfterAll
    static void closeAllocator() {
        allocator.close();
    }

    Catalog catalog() {
        if (catalog == null) {
            Map<String, String> props = new HashMap<>(catalogHandle().connectorProperties());
            props.put(IcebergSinkConfig.NAMESPACE, catalogHandle().namespace());
            catalog = CatalogLoader.load(new IcebergSinkConfig(props));
        }
        return catalog;
    }

    @org.junit.jupiter.api.AfterEach
    void closeCatalog() throws IOException {
        if (catalog instanceof Closeable closeable) {
            closeable.close();
        }
        catalog = null;
    }

    IcebergTables tables(int formatVersion, String partitionBy, boolean autoEvolve) {
        return new IcebergTables(catalog(), Namespace.of(catalogHandle().namespace()),
                new IcebergTables.Options(true, autoEvolve, formatVersion, partitionBy, Map.of(), Uint64Mode.DECIMAL));
    }

    // ---- schema: create, evolve, compatibility -------------------------------------------------------

    @Test
    void everyTypeRoundTripsOnFormatVersion2() {
        roundTrip(2, "all_types_v2", false);
    }

    @Test
    void everyTypeRoundTripsOnFormatVersion3WithNanosecondTimestamps() {
        roundTrip(3, "all_types_v3", true);
    }

    private void roundTrip(int formatVersion, String name, boolean subMicros) {
        Table table;
        try (VectorSchemaRoot root = AllTypesBatch.create(allocator, subMicros)) {
            table = tables(formatVersion, "", false).prepare(name, root.getSchema(), true);
            ParquetBatchWriter writer = new ParquetBatchWriter(table, 64L * 1024 * 1024);
            writer.write(root, List.of(new BatchSlice(7, "b", 0, 2), new BatchSlice(8, "c", 2, 1)));
            TableCommit.to(table).append(writer.finish().dataFiles()).commit();
        }
        Map<String, String> expectedTypes = AllTypesBatch.expectedTypes(formatVersion);
        for (Map.Entry<String, String> column : expectedTypes.entrySet()) {
            String actual = table.schema().findField(column.getKey()).type().toString();
            if (column.getKey().equals("pair")) {
                assertTrue(actual.startsWith(column.getValue()), column.getKey() + " is " + actual);
            } else {
                assertEquals(column.getValue(), actual, "type of " + column.getKey());
            }
        }
        assertTrue(table.schema().findField("block_num").isRequired(), "non-null Arrow field -> required column");
        assertTrue(table.schema().findField("text").isOptional(), "nullable Arrow field -> optional column");
        List<Record> rows = read(table);
        assertEquals(AllTypesBatch.ROWS, rows.size());
        for (Record record : rows) {
            int row = (int) ((Long) record.getField("block_num") - 100);
            Map<String, Object> expected = AllTypesBatch.expected(row, formatVersion >= 3, subMicros);
            for (Map.Entry<String, Object> cell : expected.entrySet()) {
                Object actual = AllTypesBatch.comparable(record.getField(cell.getKey()));
                if (cell.getValue() instanceof byte[] bytes) {
                    assertArrayEquals(bytes, (byte[]) actual, "row " + row + " " + cell.getKey());
                } else {
                    assertEquals(cell.getValue(), actual, "row " + row + " " + cell.getKey());
                }
            }
            assertEquals(row < 2 ? 7L : 8L, record.getField(TableSchemas.BATCH_SEQUENCE_COLUMN), "row " + row + " sequence");
        }
    }

    @Test
    void subMicrosecondTimestampIsRejectedOnFormatVersion2NotTruncated() {
        try (VectorSchemaRoot root = AllTypesBatch.create(allocator, true)) {
            Table table = tables(2, "", false).prepare("ns_on_v2", root.getSchema(), true);
            ParquetBatchWriter writer = new ParquetBatchWriter(table, 64L * 1024 * 1024);
            RejectedValueException e = assertThrows(RejectedValueException.class, () -> writer.write(root, List.of()));
            assertTrue(e.getMessage().contains("'ts_ns'") && e.getMessage().contains("sub-microsecond"), e.getMessage());
            assertNull(table.currentSnapshot(), "nothing committed");
        }
    }

    @Test
    void newColumnsAreAddedWhenEvolutionIsOnAndOldRowsReadNull() {
        IcebergTables tables = tables(2, "", true);
        try (BlockRows first = BlockRows.of(allocator, 1, 2, 2)) {
            Table table = tables.prepare("evolving", first.root().getSchema(), true);
            commitRows(table, first);
        }
        try (VectorSchemaRoot wider = AllTypesBatch.create(allocator, false)) {
            Table table = tables.prepare("evolving", wider.getSchema(), true);
            assertEquals("fixed[32]", table.schema().findField("tx_hash").type().toString());
            ParquetBatchWriter writer = new ParquetBatchWriter(table, 64L * 1024 * 1024);
            writer.write(wider, List.of());
            TableCommit.to(table).append(writer.finish().dataFiles()).commit();
            List<Record> rows = read(table);
            assertEquals(4 + AllTypesBatch.ROWS, rows.size());
            long oldRowsWithoutHash = rows.stream().filter(r -> (Long) r.getField("block_num") < 100)
                    .filter(r -> r.getField("tx_hash") == null).count();
            assertEquals(4, oldRowsWithoutHash, "rows written before the column existed read null");
        }
    }

    @Test
    void missingColumnIsRefusedNamingItWhenEvolutionIsOff() {
        try (BlockRows first = BlockRows.of(allocator, 1, 1, 1);
             VectorSchemaRoot wider = AllTypesBatch.create(allocator, false)) {
            tables(2, "", false).prepare("frozen", first.root().getSchema(), true);
            IncompatibleTableException e = assertThrows(IncompatibleTableException.class,
                    () -> tables(2, "", false).prepare("frozen", wider.getSchema(), true));
            assertTrue(e.getMessage().contains("tx_hash") && e.getMessage().contains("table.auto.evolve"), e.getMessage());
        }
    }

    @Test
    void incompatibleExistingTableIsRefusedNamingTheColumn() {
        Schema existing = new Schema(Types.NestedField.optional(1, "block_num", Types.StringType.get()));
        catalog().createTable(catalogHandle().table("foreign"), existing);
        try (BlockRows rows = BlockRows.of(allocator, 1, 1, 1)) {
            IncompatibleTableException e = assertThrows(IncompatibleTableException.class,
                    () -> tables(2, "", true).prepare("foreign", rows.root().getSchema(), true));
            assertTrue(e.getMessage().contains("'block_num'") && e.getMessage().contains("string"), e.getMessage());
        }
    }

    @Test
    void existingTableWithWiderCompatibleTypesIsAccepted() {
        Schema existing = new Schema(
                Types.NestedField.required(1, "block_num", Types.LongType.get()),
                Types.NestedField.optional(2, "tx_index", Types.LongType.get()),
                Types.NestedField.optional(3, "_amp_batch_id", Types.StringType.get()),
                Types.NestedField.optional(4, TableSchemas.BATCH_SEQUENCE_COLUMN, Types.LongType.get()),
                Types.NestedField.optional(5, "note", Types.StringType.get()));
        catalog().createTable(catalogHandle().table("wider"), existing);
        try (BlockRows rows = BlockRows.of(allocator, 3, 4, 2)) {
            Table table = tables(2, "", false).prepare("wider", rows.root().getSchema(), true);
            commitRows(table, rows);
            List<Record> read = read(table);
            assertEquals(4, read.size());
            assertEquals(1L, read.get(1).getField("tx_index"), "int written into a long column");
            assertNull(read.get(0).getField("note"), "a table column the records lack reads null");
        }
    }

    // ---- writes and deletes ------------------------------------------------------------------------------

    @Test
    void positionDeletesLeaveExactlyTheSurvivorsOnFormatVersion2() {
        deletesLeaveExactlyTheSurvivors(2, "deletes_v2");
    }

    @Test
    void deletionVectorsLeaveExactlyTheSurvivorsOnFormatVersion3() {
        deletesLeaveExactlyTheSurvivors(3, "deletes_v3");
    }

    private void deletesLeaveExactlyTheSurvivors(int formatVersion, String name) {
        IcebergTables tables = tables(formatVersion, "", false);
        Table table;
        WrittenFiles first;
        WrittenFiles second;
        try (BlockRows a = BlockRows.of(allocator, 0, 4, 5); BlockRows b = BlockRows.of(allocator, 5, 9, 5)) {
            table = tables.prepare(name, a.root().getSchema(), true);
            first = commitRows(table, a);
            second = commitRows(table, b);
        }
        assertEquals(50, read(table).size());
        Map<Long, List<RowRun>> runs = new HashMap<>(first.runsBySequence());
        runs.putAll(second.runsBySequence());
        DataFileRef fileB = second.refs().get(0);
        assertEquals(List.of(new RowRun(fileB.path(), 15, 5)), runs.get(BlockRows.sequence(8)), "block 8's rows in file B");

        // a reorg of blocks 8..9: part of file B
        RowDeletes tail = invalidate(table, runs, fileB, 8, 9);
        assertEquals(1, tail.addedDeletes().size());
        assertEquals(10, tail.deletedRows());
        assertEquals(blocks(0, 7, 5), blocksOf(read(table)));

        // block 7 too: v3 merges it into the file's deletion vector, replacing the previous one
        RowDeletes more = invalidate(table, runs, fileB, 7, 7);
        assertEquals(formatVersion >= 3 ? 1 : 0, more.removedDeletes().size(), "previous DV replaced (v3 only)");
        assertEquals(blocks(0, 6, 5), blocksOf(read(table)));

        // blocks 5..6: nothing of file B survives, so the file goes, with its delete files
        RowDeletes whole = invalidate(table, runs, fileB, 5, 6);
        assertEquals(List.of(fileB.path()), whole.removedDataFiles().stream().map(f -> f.location()).toList());
        assertEquals(0, whole.addedDeletes().size());
        assertEquals(blocks(0, 4, 5), blocksOf(read(table)));
        List<String> liveFiles = new ArrayList<>();
        int liveDeletes = 0;
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            for (FileScanTask task : tasks) {
                liveFiles.add(task.file().location());
                liveDeletes += task.deletes().size();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        assertEquals(List.of(first.refs().get(0).path()), liveFiles, "only file A is left");
        assertEquals(0, liveDeletes, "no delete file points at file A or at the removed file B");
    }

    private RowDeletes invalidate(Table table, Map<Long, List<RowRun>> runs, DataFileRef file, long fromBlock, long toBlock) {
        List<RowRun> rows = new ArrayList<>();
        for (long block = fromBlock; block <= toBlock; block++) {
            rows.addAll(runs.get(BlockRows.sequence(block)));
        }
        RowDeletes deletes = RowDeleteWriter.write(table, List.of(new FileDeletion(file, rows)));
        TableCommit.to(table).delete(deletes).commit();
        return deletes;
    }

    @Test
    void partitionedWriteRecordsEachBatchsFileAndPositionsAndDeletesThem() {
        Table table;
        WrittenFiles written;
        try (BlockRows rows = BlockRows.of(allocator, 0, 9, 3)) {
            table = tables(3, "truncate(block_num, 4)", false).prepare("partitioned", rows.root().getSchema(), true);
            assertEquals("[\n  1000: block_num_trunc: truncate[4](1)\n]", table.spec().toString());
            written = commitRows(table, rows);
        }
        assertEquals(3, written.dataFiles().size(), "one file per partition 0-3, 4-7, 8-9");
        RowRun block5 = written.runsBySequence().get(BlockRows.sequence(5)).get(0);
        DataFileRef file = written.refs().stream().filter(r -> r.path().equals(block5.file())).findFirst().orElseThrow();
        assertEquals("block_num_trunc=4", file.partitionPath());
        assertEquals(new RowRun(file.path(), 3, 3), block5, "block 5 is rows 3..5 of partition 4's file");
        TableCommit.to(table).delete(RowDeleteWriter.write(table, List.of(new FileDeletion(file, List.of(block5))))).commit();
        List<Long> expected = new ArrayList<>(blocks(0, 9, 3));
        expected.removeAll(List.of(5L));
        assertEquals(expected, blocksOf(read(table)));
    }

    // ---- large batches on several write threads -------------------------------------------------------

    @Test
    void largeBatchIsWrittenInRowRangesOnTwoThreadsWithExactPositionsAndDeletes() {
        Table table;
        WrittenFiles written;
        // 831 blocks of 301 rows: the two ranges [0, 125065) and [125065, 250131) cut block 415 (rows 124915..125215)
        try (BlockRows rows = BlockRows.of(allocator, 0, 830, 301); WriteThreads threads = WriteThreads.of(2, "test")) {
            table = tables(2, "", false).prepare("two_threads", rows.root().getSchema(), true);
            ParquetBatchWriter writer = new ParquetBatchWriter(table, 64L * 1024 * 1024, threads);
            writer.write(rows.root(), rows.slices());
            written = writer.finish();
            TableCommit.to(table).append(written.dataFiles()).commit();
        }
        assertEquals(2, written.dataFiles().size(), "one file per row range");
        assertEquals(List.of(125_065L, 125_066L), written.dataFiles().stream().map(f -> f.recordCount()).toList());
        assertEquals(250_131, written.rows());
        String first = written.refs().get(0).path();
        String second = written.refs().get(1).path();
        assertEquals(List.of(new RowRun(first, 0, 301)), written.runsBySequence().get(BlockRows.sequence(0)));
        assertEquals(List.of(new RowRun(first, 124_915, 150), new RowRun(second, 0, 151)),
                written.runsBySequence().get(BlockRows.sequence(415)), "the cut block's rows in both files");
        assertEquals(List.of(new RowRun(second, 124_765, 301)), written.runsBySequence().get(BlockRows.sequence(830)));
        assertEquals(blocks(0, 830, 301), blocksOf(read(table)));

        // an invalidation of the cut block deletes its exact positions in both files
        List<RowRun> block415 = written.runsBySequence().get(BlockRows.sequence(415));
        TableCommit.to(table).delete(RowDeleteWriter.write(table, List.of(
                new FileDeletion(written.refs().get(0), List.of(block415.get(0))),
                new FileDeletion(written.refs().get(1), List.of(block415.get(1)))))).commit();
        List<Long> expected = new ArrayList<>(blocks(0, 830, 301));
        expected.removeIf(block -> block == 415L);
        assertEquals(expected, blocksOf(read(table)));
    }

    @Test
    void batchTooSmallToSplitIsWrittenOnOneThreadIntoOneFile() {
        try (BlockRows rows = BlockRows.of(allocator, 0, 1_998, 100); WriteThreads threads = WriteThreads.of(2, "test")) {
            Table table = tables(2, "", false).prepare("one_range", rows.root().getSchema(), true);
            ParquetBatchWriter writer = new ParquetBatchWriter(table, 64L * 1024 * 1024, threads);
            writer.write(rows.root(), rows.slices());
            WrittenFiles written = writer.finish();
            assertEquals(1, written.dataFiles().size(), "199,900 rows: fewer than 2 x 100,000, one range");
            assertEquals(199_900L, written.dataFiles().get(0).recordCount());
        }
    }

    @Test
    void rejectedValuesInBothRangesReportTheFirstRowAndLeaveNoDataFile() {
        // timestamps with sub-microsecond digits cannot go into a v2 table: rows 50,000 (first range) and 150,000
        org.apache.arrow.vector.types.pojo.Schema schema = new org.apache.arrow.vector.types.pojo.Schema(List.of(
                new Field("block_num", FieldType.notNullable(new ArrowType.Int(64, true)), null),
                new Field("ts", FieldType.notNullable(new ArrowType.Timestamp(TimeUnit.NANOSECOND, "UTC")), null)));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
             WriteThreads threads = WriteThreads.of(2, "test")) {
            BigIntVector blocks = (BigIntVector) root.getVector("block_num");
            TimeStampNanoTZVector stamps = (TimeStampNanoTZVector) root.getVector("ts");
            int rowCount = 200_000;
            blocks.allocateNew(rowCount);
            stamps.allocateNew(rowCount);
            for (int row = 0; row < rowCount; row++) {
                blocks.set(row, row);
                stamps.set(row, 1_700_000_000_000_000_000L + row * 1_000L + (row == 50_000 || row == 150_000 ? 7 : 0));
            }
            root.setRowCount(rowCount);
            Table table = tables(2, "", false).prepare("rejected_ranges", schema, true);
            ParquetBatchWriter writer = new ParquetBatchWriter(table, 64L * 1024 * 1024, threads);
            RejectedValueException e = assertThrows(RejectedValueException.class, () -> writer.write(root, List.of()));
            assertEquals(50_000, e.row(), e.getMessage());
            assertTrue(e.getMessage().contains("'ts' row 50000"), e.getMessage());
            writer.abort();
            assertEquals(List.of(), parquetFilesUnder(table.location()), "every file of both ranges is deleted");
            assertNull(table.currentSnapshot(), "nothing committed");
        }
    }

    private static List<String> parquetFilesUnder(String location) {
        java.nio.file.Path root = location.startsWith("file:") ? java.nio.file.Path.of(java.net.URI.create(location))
                : java.nio.file.Path.of(location);
        if (!java.nio.file.Files.exists(root)) {
            return List.of();
        }
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(root)) {
            return files.map(java.nio.file.Path::toString).filter(name -> name.endsWith(".parquet")).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- the epoch compare-and-set ---------------------------------------------------------------------

    @Test
    void commitExpectingAStaleEpochIsRefusedAndChangesNothing() {
        Table task = newRowsTable("fenced_stale");
        TableCommit.to(task).expectProperty(EPOCH, null).setProperty(EPOCH, "1").commit();
        Table newer = catalog().loadTable(catalogHandle().table("fenced_stale"));
        TableCommit.to(newer).expectProperty(EPOCH, "1").setProperty(EPOCH, "2").commit();
        Snapshot before = catalog().loadTable(catalogHandle().table("fenced_stale")).currentSnapshot();

        try (BlockRows rows = BlockRows.of(allocator, 1, 1, 2)) {
            ParquetBatchWriter writer = new ParquetBatchWriter(task, 64L * 1024 * 1024);
            writer.write(rows.root(), rows.slices());
            FencedCommitException e = assertThrows(FencedCommitException.class, () -> TableCommit.to(task)
                    .append(writer.finish().dataFiles()).expectProperty(EPOCH, "1").setProperty("amp.offset", "9").commit());
            assertTrue(e.getMessage().contains(EPOCH) && e.getMessage().contains("'2'"), e.getMessage());
        }
        Table after = catalog().loadTable(catalogHandle().table("fenced_stale"));
        assertEquals(before.snapshotId(), after.currentSnapshot().snapshotId(), "no snapshot added");
        assertEquals("2", after.properties().get(EPOCH));
        assertNull(after.properties().get("amp.offset"));
        assertEquals(0, read(after).size());
    }

    @Test
    void epochRaisedWhileACommitIsInFlightRefusesItInsteadOfOverwriting() {
        Table task = newRowsTable("fenced_race");
        TableCommit.to(task).expectProperty(EPOCH, null).setProperty(EPOCH, "1").commit();
        try (BlockRows rows = BlockRows.of(allocator, 1, 1, 2)) {
            ParquetBatchWriter writer = new ParquetBatchWriter(task, 64L * 1024 * 1024);
            writer.write(rows.root(), rows.slices());
            TableCommit zombie = TableCommit.to(task).append(writer.finish().dataFiles())
                    .expectProperty(EPOCH, "1").setProperty(EPOCH, "1").setProperty("amp.offset", "9");
            // the new owner claims between the zombie's check and its commit reaching the catalog
            CommitHooks.beforeCommit(zombie, () -> {
                Table owner = catalog().loadTable(catalogHandle().table("fenced_race"));
                TableCommit.to(owner).expectProperty(EPOCH, "1").setProperty(EPOCH, "2").commit();
            });
            FencedCommitException e = assertThrows(FencedCommitException.class, zombie::commit);
            assertTrue(e.getMessage().contains("'2'"), e.getMessage());
        }
        Table after = catalog().loadTable(catalogHandle().table("fenced_race"));
        assertEquals("2", after.properties().get(EPOCH), "the new epoch is not overwritten by the retried commit");
        assertNull(after.properties().get("amp.offset"));
        assertEquals(0, read(after).size(), "the zombie's rows are not visible");
    }

    @Test
    void foreignCommitWhileACommitIsInFlightIsRetriedWhenTheEpochHolds() {
        Table task = newRowsTable("retried");
        TableCommit.to(task).expectProperty(EPOCH, null).setProperty(EPOCH, "1").commit();
        try (BlockRows mine = BlockRows.of(allocator, 1, 1, 2); BlockRows theirs = BlockRows.of(allocator, 2, 2, 3)) {
            ParquetBatchWriter writer = new ParquetBatchWriter(task, 64L * 1024 * 1024);
            writer.write(mine.root(), mine.slices());
            Table other = catalog().loadTable(catalogHandle().table("retried"));
            ParquetBatchWriter otherWriter = new ParquetBatchWriter(other, 64L * 1024 * 1024);
            otherWriter.write(theirs.root(), theirs.slices());
            TableCommit commit = TableCommit.to(task).append(writer.finish().dataFiles())
                    .expectProperty(EPOCH, "1").setProperty("amp.offset", "9");
            // e.g. a compaction or another writer of the table: it moves the head but not the epoch
            CommitHooks.beforeCommit(commit, () -> TableCommit.to(other).append(otherWriter.finish().dataFiles()).commit());
            commit.commit();
        }
        Table after = catalog().loadTable(catalogHandle().table("retried"));
        assertEquals("9", after.properties().get("amp.offset"));
        assertEquals(List.of(1L, 1L, 2L, 2L, 2L), blocksOf(read(after)));
    }

    @Test
    void tablePropertiesSurviveSnapshotExpirationWhileSummariesDoNot() {
        Table table = newRowsTable("expiring");
        Snapshot first = TableCommit.to(table).summary("amp.offsets", "rows-0=10").setProperty("amp.offsets", "rows-0=10")
                .commit();
        try (BlockRows rows = BlockRows.of(allocator, 1, 2, 2)) {
            commitRows(table, rows);
        }
        TableCommit.to(table).summary("amp.unrelated", "x").commit();
        table.refresh();
        assertEquals("rows-0=10", table.snapshot(first.snapshotId()).summary().get("amp.offsets"));
        table.expireSnapshots().expireOlderThan(System.currentTimeMillis() + 1).retainLast(1).commit();
        Table reloaded = catalog().loadTable(catalogHandle().table("expiring"));
        assertNull(reloaded.snapshot(first.snapshotId()), "the first snapshot, and its summary, expired");
        assertEquals("rows-0=10", reloaded.properties().get("amp.offsets"), "the property survived");
        assertEquals(4, read(reloaded).size(), "data untouched");
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private Table newRowsTable(String name) {
        try (BlockRows rows = BlockRows.of(allocator, 0, 0, 1)) {
            return tables(2, "", false).prepare(name, rows.root().getSchema(), true);
        }
    }

    private static WrittenFiles commitRows(Table table, BlockRows rows) {
        ParquetBatchWriter writer = new ParquetBatchWriter(table, 64L * 1024 * 1024);
        writer.write(rows.root(), rows.slices());
        WrittenFiles written = writer.finish();
        TableCommit.to(table).append(written.dataFiles()).commit();
        return written;
    }

    static List<Record> read(Table table) {
        table.refresh();
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            records.forEach(rows::add);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        rows.sort((a, b) -> {
            int byBlock = Long.compare((Long) a.getField("block_num"), (Long) b.getField("block_num"));
            return byBlock != 0 || a.getField("tx_index") == null ? byBlock
                    : Long.compare(((Number) a.getField("tx_index")).longValue(), ((Number) b.getField("tx_index")).longValue());
        });
        return rows;
    }

    /** The block of every row, in order. */
    private static List<Long> blocksOf(List<Record> rows) {
        return rows.stream().map(r -> (Long) r.getField("block_num")).toList();
    }

    /** Blocks {@code from..to}, each repeated {@code perBlock} times. */
    private static List<Long> blocks(long from, long to, int perBlock) {
        List<Long> blocks = new ArrayList<>();
        for (long block = from; block <= to; block++) {
            for (int i = 0; i < perBlock; i++) {
                blocks.add(block);
            }
        }
        return blocks;
    }
}
