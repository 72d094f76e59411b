package dev.ampconnect.sink.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.query.GenericRecord;
import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.testsupport.clickhouse.ClickHouseDatabase;
import dev.ampconnect.testsupport.clickhouse.ClickHouseExtension;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Unmodified client-v2 against the test ClickHouse (the chdb front end here, a clickhouse-server with
 * AMP_TEST_CLICKHOUSE_URL or Docker): ping, DDL, a binary insert with its written-rows summary, a query with
 * bound parameters, and a server error surfacing with ClickHouse's code and message.
 */
class ChClientIT {

    @RegisterExtension
    static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

    private static ChClient client;
    private static BufferAllocator allocator;

    @BeforeAll
    static void connect(ClickHouseDatabase db) {
        client = ChClient.connect(db.url(), db.user(), db.password(), db.name());
        allocator = new RootAllocator();
    }

    @AfterAll
    static void close() {
        client.close();
        allocator.close();
    }

    @Test
    void pingAnswers() {
        assertTrue(client.ping(5000));
    }

    @Test
    void ddlInsertAndParameterisedSelect(ClickHouseDatabase db) throws Exception {
        client.execute("CREATE TABLE blocks (num UInt64, _amp_batch_id String, _amp_batch_seq UInt64)"
                + " ENGINE = MergeTree ORDER BY num", Map.of(), Map.of());
        ChTable table = new ChTableCatalog(client, ChTableLayout.defaults(), false, false).find("blocks");

        long written;
        try (ColumnarBatch batch = blocks(5, 10, 20, 30)) {
            written = new ChInserter(client).insert("blocks", RowBinaryBatch.of(table, batch), batch.rowCount(), "t1");
        }

        assertEquals(3, written, "written_rows from X-ClickHouse-Summary");
        List<GenericRecord> rows = client.query("SELECT num, _amp_batch_id, _amp_batch_seq FROM blocks"
                + " WHERE num >= {from:UInt64} ORDER BY num", Map.of("from", 20));
        assertEquals(2, rows.size());
        assertEquals(20L, rows.get(0).getLong("num"));
        assertEquals("b5", rows.get(0).getString("_amp_batch_id"));
        assertEquals(5L, rows.get(1).getLong("_amp_batch_seq"));
        assertEquals(3, db.count("blocks"));
    }

    @Test
    void serverErrorsCarryTheClickHouseCodeAndMessage() {
        ServerException error = assertThrows(ServerException.class,
                () -> client.execute("SELECT * FROM no_such_table", Map.of(), Map.of()));

        assertEquals(60, error.getCode());
        assertTrue(error.getMessage().contains("Code: 60. DB::Exception:"), error.getMessage());
        assertTrue(error.getMessage().contains("no_such_table"), error.getMessage());
    }

    private static ColumnarBatch blocks(long sequence, long... numbers) {
        Schema schema = new Schema(List.of(new Field("num", FieldType.notNullable(new ArrowType.Int(64, false)), null)));
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        UInt8Vector num = (UInt8Vector) root.getVector("num");
        num.allocateNew(numbers.length);
        for (int i = 0; i < numbers.length; i++) {
            num.set(i, numbers[i]);
        }
        num.setValueCount(numbers.length);
        root.setRowCount(numbers.length);
        return TestBatches.amp(root, allocator, sequence, numbers.length);
    }
}
