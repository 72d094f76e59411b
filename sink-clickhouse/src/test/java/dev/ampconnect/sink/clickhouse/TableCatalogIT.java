package dev.ampconnect.sink.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.store.StoreException;
import dev.ampconnect.testsupport.clickhouse.ClickHouseDatabase;
import dev.ampconnect.testsupport.clickhouse.ClickHouseExtension;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Auto-create with the configured layout, add-column evolution, existing tables accepted when compatible. */
class TableCatalogIT {

    @RegisterExtension
    static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

    private static BufferAllocator allocator;
    private static ChClient client;

    @BeforeAll
    static void connect(ClickHouseDatabase db) {
        allocator = new RootAllocator();
        client = ChClient.connect(db.url(), db.user(), db.password(), db.name());
    }

    @AfterAll
    static void close() {
        client.close();
        allocator.close();
    }

    @Test
    void autoCreateUsesTheLayoutAndTheSequenceIndex(ClickHouseDatabase db) throws Exception {
        ChTableLayout layout = new ChTableLayout("block_num, tx_index", "intDiv(block_num, 1000000)", 250,
                Map.of("index_granularity", "4096"));
        ChTableCatalog catalog = new ChTableCatalog(client, layout, true, true);
        try (ColumnarBatch batch = Transactions.batch(allocator, 0, 20, 10, 10, 1)) {
            ChTable table = catalog.ensure("txs", batch);
            assertEquals(List.of("block_num", "tx_index", "tx_hash", "from", "to", "value", "gas", "timestamp",
                    "_amp_batch_id", "_amp_batch_seq"), List.copyOf(table.columns().keySet()));
            assertEquals(20, new ChInserter(client).insert("txs", RowBinaryBatch.of(table, batch), 20, "t"));
        }

        Map<String, String> described = db.query("SELECT sorting_key, partition_key, engine FROM system.tables"
                + " WHERE database = currentDatabase() AND name = 'txs'").get(0);
        assertEquals("block_num, tx_index", described.get("sorting_key"));
        assertEquals("intDiv(block_num, 1000000)", described.get("partition_key"));
        assertEquals("MergeTree", described.get("engine"));
        String ddl = db.queryValue("SELECT engine_full FROM system.tables WHERE database = currentDatabase() AND name = 'txs'");
        assertTrue(ddl.contains("non_replicated_deduplication_window = 250"), ddl);
        assertTrue(ddl.contains("index_granularity = 4096"), ddl);
        assertEquals("minmax", db.queryValue("SELECT type FROM system.data_skipping_indices"
                + " WHERE database = currentDatabase() AND table = 'txs' AND name = '_amp_batch_seq_minmax'"));
    }

    @Test
    void newFieldsBecomeNewColumns(ClickHouseDatabase db) throws Exception {
        ChTableCatalog catalog = new ChTableCatalog(client, ChTableLayout.defaults(), true, true);
        try (ColumnarBatch first = numbers(1, List.of("n"), 1L, 2L)) {
            new ChInserter(client).insert("evolving", RowBinaryBatch.of(catalog.ensure("evolving", first), first), 2, "e1");
        }
        try (ColumnarBatch second = numbers(2, List.of("n", "extra"), 3L, 4L)) {
            ChTable evolved = catalog.ensure("evolving", second);
            assertEquals(List.of("n", "_amp_batch_id", "_amp_batch_seq", "extra"), List.copyOf(evolved.columns().keySet()));
            new ChInserter(client).insert("evolving", RowBinaryBatch.of(evolved, second), 2, "e2");
        }

        assertEquals(List.of(Map.of("n", "1", "extra", "0"), Map.of("n", "2", "extra", "0"),
                        Map.of("n", "3", "extra", "3"), Map.of("n", "4", "extra", "4")),
                db.query("SELECT toString(n) AS n, toString(extra) AS extra FROM evolving ORDER BY n"));
    }

    @Test
    void existingTableWithWiderCompatibleTypesIsAccepted(ClickHouseDatabase db) throws Exception {
        db.execute("CREATE TABLE wide (block_num Nullable(UInt64), tx_index Int64, tx_hash FixedString(32),"
                + " `from` FixedString(20), `to` LowCardinality(FixedString(20)), value Decimal(60, 0), gas Int128,"
                + " timestamp DateTime64(9, 'Europe/Zurich'), _amp_batch_id LowCardinality(String),"
                + " _amp_batch_seq UInt64, note String DEFAULT 'none') ENGINE = MergeTree ORDER BY tuple()");
        ChTableCatalog catalog = new ChTableCatalog(client, ChTableLayout.defaults(), false, false);
        try (ColumnarBatch batch = Transactions.batch(allocator, 5, 3, 10, 3, 1)) {
            new ChInserter(client).insert("wide", RowBinaryBatch.of(catalog.ensure("wide", batch), batch), 3, "w");
        }

        assertEquals(List.of(Map.of("b", "0", "g", "21005", "v", "5000000035", "note", "none")),
                db.query("SELECT toString(block_num) AS b, toString(gas) AS g, toString(value) AS v, note FROM wide"
                        + " WHERE tx_index = 5"));
    }

    @Test
    void incompatibleColumnIsNamedBeforeAnythingIsSent(ClickHouseDatabase db) {
        db.execute("CREATE TABLE narrow (n FixedString(8), _amp_batch_id String, _amp_batch_seq UInt64)"
                + " ENGINE = MergeTree ORDER BY tuple()");
        ChTableCatalog catalog = new ChTableCatalog(client, ChTableLayout.defaults(), false, false);
        try (ColumnarBatch batch = numbers(1, List.of("n"), 1L)) {
            ChTable table = catalog.ensure("narrow", batch);
            IncompatibleColumnException error = assertThrows(IncompatibleColumnException.class,
                    () -> RowBinaryBatch.of(table, batch));
            assertEquals("n", error.column());
            assertTrue(error.getMessage().contains("column `n` of table `" + db.name() + "`.`narrow` is FixedString(8)"),
                    error.getMessage());
            assertTrue(error.getMessage().contains("a new table would get Int64"), error.getMessage());
        }
    }

    @Test
    void valueOutOfTheColumnsRangeRejectsItsRowAndInsertsNothing(ClickHouseDatabase db) {
        db.execute("CREATE TABLE small (block_num UInt64, tx_index UInt8, tx_hash String, `from` String, `to` String,"
                + " value Decimal(38, 0), gas UInt64, timestamp DateTime64(9, 'UTC'), _amp_batch_id String,"
                + " _amp_batch_seq UInt64) ENGINE = MergeTree ORDER BY tuple()");
        ChTableCatalog catalog = new ChTableCatalog(client, ChTableLayout.defaults(), false, false);
        try (ColumnarBatch batch = Transactions.batch(allocator, 250, 10, 1000, 10, 1)) {
            ChTable table = catalog.ensure("small", batch);
            RejectedValue rejected = assertThrows(RejectedValue.class,
                    () -> new ChInserter(client).insert("small", RowBinaryBatch.of(table, batch), 10, "s"));
            assertEquals(6, rejected.row(), "tx_index 256 is the 7th row");
            assertTrue(rejected.getMessage().contains("column tx_index:") && rejected.getMessage().contains("256 does not fit UInt8"),
                    rejected.getMessage());
        }
        assertEquals(0, db.count("small"));
    }

    @Test
    void missingTableWithoutAutoCreateFailsNamingIt(ClickHouseDatabase db) {
        ChTableCatalog catalog = new ChTableCatalog(client, ChTableLayout.defaults(), false, false);
        try (ColumnarBatch batch = numbers(1, List.of("n"), 1L)) {
            StoreException error = assertThrows(StoreException.class, () -> catalog.ensure("absent", batch));
            assertEquals(StoreException.Kind.FATAL, error.kind());
            assertTrue(error.getMessage().contains("`" + db.name() + "`.`absent` does not exist"), error.getMessage());
        }
    }

    @Test
    void anExistingPlainMergeTreeGetsADedupWindowWhenEvolutionIsOn(ClickHouseDatabase db) {
        db.execute("CREATE TABLE no_window (n Int64, _amp_batch_seq UInt64) ENGINE = MergeTree ORDER BY tuple()");
        ChTableCatalog frozen = new ChTableCatalog(client, ChTableLayout.defaults(), false, false);
        StoreException refused = assertThrows(StoreException.class, () -> frozen.deduplicating(frozen.find("no_window")));
        assertEquals(StoreException.Kind.FATAL, refused.kind());
        assertTrue(refused.getMessage().contains("non_replicated_deduplication_window = 0")
                && refused.getMessage().contains("table.auto.evolve"), refused.getMessage());

        ChTableCatalog evolving = new ChTableCatalog(client, ChTableLayout.defaults(), false, true);
        ChTable altered = evolving.deduplicating(evolving.find("no_window"));
        assertEquals(1000L, altered.setting("non_replicated_deduplication_window"));
        assertTrue(db.queryValue("SELECT engine_full FROM system.tables WHERE database = currentDatabase()"
                + " AND name = 'no_window'").contains("non_replicated_deduplication_window = 1000"));
    }

    @Test
    void aTableWhoseEngineCannotDeduplicateIsRefused(ClickHouseDatabase db) {
        db.execute("CREATE TABLE in_memory (n Int64) ENGINE = Memory");
        ChTableCatalog catalog = new ChTableCatalog(client, ChTableLayout.defaults(), true, true);
        StoreException refused = assertThrows(StoreException.class, () -> catalog.deduplicating(catalog.find("in_memory")));
        assertTrue(refused.getMessage().contains("engine Memory"), refused.getMessage());
    }

    @Test
    void createdTablesDeduplicateAndTakeDeletesAsPatchParts(ClickHouseDatabase db) throws Exception {
        ChTableCatalog catalog = new ChTableCatalog(client, ChTableLayout.defaults(), true, true);
        try (ColumnarBatch batch = numbers(1, List.of("n"), 1L)) {
            ChTable created = catalog.ensure("created", batch);
            assertEquals(created, catalog.deduplicating(created));
            assertTrue(created.supportsPatchParts());
            assertTrue(created.uuid().matches("[0-9a-f-]{36}"), created.uuid());
        }
    }

    /** One Int64 column per name, every column holding the same values, as one microbatch. */
    private static ColumnarBatch numbers(long sequence, List<String> columns, Long... values) {
        List<Field> fields = columns.stream()
                .map(name -> new Field(name, FieldType.notNullable(new ArrowType.Int(64, true)), null)).toList();
        VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields), allocator);
        root.allocateNew();
        for (String column : columns) {
            BigIntVector vector = (BigIntVector) root.getVector(column);
            for (int i = 0; i < values.length; i++) {
                vector.set(i, values[i]);
            }
            vector.setValueCount(values.length);
        }
        root.setRowCount(values.length);
        return TestBatches.amp(root, allocator, sequence, values.length);
    }
}
