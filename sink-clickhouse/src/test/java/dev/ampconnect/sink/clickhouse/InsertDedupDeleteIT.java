package dev.ampconnect.sink.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.testsupport.clickhouse.ClickHouseDatabase;
import dev.ampconnect.testsupport.clickhouse.ClickHouseExtension;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The two primitives the IDEMPOTENT store is built on, proven on the real engine: an insert repeated with its
 * dedup token leaves the table unchanged while a new token lands, and a lightweight DELETE by batch sequence
 * removes exactly those batches' rows.
 */
class InsertDedupDeleteIT {

    @RegisterExtension
    static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

    private static BufferAllocator allocator;
    private static ChClient client;
    private static ChTableCatalog catalog;
    private static ChInserter inserter;

    @BeforeAll
    static void connect(ClickHouseDatabase db) {
        allocator = new RootAllocator();
        client = ChClient.connect(db.url(), db.user(), db.password(), db.name());
        catalog = new ChTableCatalog(client, ChTableLayout.defaults(), true, true);
        inserter = new ChInserter(client);
    }

    @AfterAll
    static void close() {
        client.close();
        allocator.close();
    }

    private static long insert(String table, long firstRow, int rows, int rowsPerBatch, long firstSequence, String token)
            throws RejectedValue {
        try (ColumnarBatch batch = Transactions.batch(allocator, firstRow, rows, 10, rowsPerBatch, firstSequence)) {
            ChTable created = catalog.ensure(table, batch);
            return inserter.insert(table, RowBinaryBatch.of(created, batch), rows, token);
        }
    }

    @Test
    void repeatWithTheSameTokenIsDeduplicatedAndANewTokenLands(ClickHouseDatabase db) throws Exception {
        insert("dedup", 0, 500, 100, 1, "unit-1");
        insert("dedup", 0, 500, 100, 1, "unit-1");
        assertEquals(500, db.count("dedup"), "a repeat with the same token adds nothing");

        insert("dedup", 0, 500, 100, 1, "unit-2");
        assertEquals(1000, db.count("dedup"), "the same rows under a new token land again");
    }

    @Test
    void tokenOfDeletedRowsStillSuppressesTheirReinsert(ClickHouseDatabase db) throws Exception {
        insert("trap", 0, 100, 100, 1, "unit-a");
        new ChBatchDeleter(client).delete("trap", List.of(1L));
        assertEquals(0, db.count("trap"));

        insert("trap", 0, 100, 100, 1, "unit-a");

        assertEquals(0, db.count("trap"), "ClickHouse remembers the token, not the rows: tokens must be unique per"
                + " write, across rewinds and re-created tables");
    }

    @Test
    void deleteBySequenceRemovesExactlyThoseBatches(ClickHouseDatabase db) throws Exception {
        insert("reorg", 0, 1000, 100, 11, "reorg-1");   // sequences 11..20, 100 rows each

        new ChBatchDeleter(client).delete("reorg", List.of(13L, 19L, 20L, 14L));

        assertEquals(600, db.count("reorg"));
        assertEquals(List.of(Map.of("s", "11", "n", "100"), Map.of("s", "12", "n", "100"), Map.of("s", "15", "n", "100"),
                        Map.of("s", "16", "n", "100"), Map.of("s", "17", "n", "100"), Map.of("s", "18", "n", "100")),
                db.query("SELECT toString(_amp_batch_seq) AS s, toString(count()) AS n FROM reorg"
                        + " GROUP BY _amp_batch_seq ORDER BY _amp_batch_seq"));
        assertEquals("0", db.queryValue("SELECT count() FROM reorg WHERE block_num BETWEEN 20 AND 39"));
    }

    @Test
    void aLargeInsertLandsWhole(ClickHouseDatabase db) throws Exception {
        assertEquals(50_000, insert("large", 0, 50_000, 1000, 1, "large-1"));

        assertEquals(50_000, db.count("large"));
        assertEquals("1249975000", db.queryValue("SELECT sum(tx_index + block_num * 10) FROM large"));
    }

    @Test
    void rangesFoldConsecutiveSequences() {
        assertEquals("[[1, 3], [5, 5], [7, 8]]", ChBatchDeleter.ranges(List.of(8L, 1L, 2L, 3L, 5L, 7L, 2L)).stream()
                .map(java.util.Arrays::toString).toList().toString());
    }
}
