package dev.ampconnect.common.sink.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ampconnect.common.arrow.ArrowConversionOptions;
import dev.ampconnect.common.arrow.ArrowRowReader;
import dev.ampconnect.common.arrow.ArrowSchemaMapper;
import dev.ampconnect.common.contract.ContractHeaders;
import dev.ampconnect.common.range.BatchId;
import dev.ampconnect.common.range.BlockRange;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.junit.jupiter.api.Test;

/**
 * The core suite every sink inherits: lifecycle, volume, plain rows, nulls, types, table management and
 * bad records, against the backend's real store.
 */
public abstract class SinkCoreConformance extends ConformanceSupport {

    private static final Schema PLAIN = SchemaBuilder.struct().name("plain.Order")
            .field("order_id", Schema.INT64_SCHEMA)
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    private void plainRows(long from, long to) {
        for (long id = from; id <= to; id++) {
            log.append(topic, 0, PLAIN, new Struct(PLAIN).put("order_id", id).put("note", "n" + id), new ConnectHeaders());
        }
    }

    @Test
    void lifecycleStoresRowsAndReportsOnlyStoredOffsets() {
        ChainStream chain = stream("eth");
        chain.batch(100, 104, 2);
        SinkTaskDriver driver = task().deliver();

        assertEquals(Map.of(partition(), new OffsetAndMetadata(11)), driver.commit(),
                "10 data records and a watermark: the flush in preCommit stores them, then their offsets are reported");
        assertRowCount(10, topic);
        driver.stop();

        SinkTaskDriver restarted = task();
        assertEquals(11, restarted.position(partition()), "a restarted task resumes at the stored offset");
        chain.batch(105, 105, 2);
        restarted.deliver().commit();
        assertRowCount(12, topic);
    }

    @Test
    void tenThousandRowsIn250RowBatchesAllLand() {
        ChainStream chain = stream("eth");
        for (long block = 0; block < 40; block++) {
            chain.batch(1_000 + block * 5, 1_000 + block * 5 + 4, 50);
        }
        SinkTaskDriver driver = task(CONNECTOR, Map.of("buffer.flush.rows", "1000")).maxPollRecords(333).deliver();
        driver.commit();

        assertRowCount(10_000, topic);
        assertEquals(expectedIds("eth", 1_000, 1_199, 50), sorted(ids(topic)));
        assertTrue(driver.metrics().flushes() >= 10, "flushed at the row threshold, not only at commit");
        assertEquals(10_000, driver.metrics().rowsWritten());
        assertEquals(40, driver.metrics().batchesCompleted());
    }

    @Test
    void recordsWithoutAmpHeadersAreAppendedAsPlainRows() {
        plainRows(1, 5);
        task().deliver().commit();
        plainRows(6, 8);
        task().deliver().commit();

        List<Map<String, Object>> rows = probe().rows(topic, PLAIN, "order_id");
        assertEquals(8, rows.size());
        assertEquals(8L, rows.get(7).get("order_id"));
        assertEquals("n8", rows.get(7).get("note"));
    }

    @Test
    void truncateOnFirstWriteEmptiesTheTableOnlyTheFirstTime() {
        assumeTrue(probe().supportsTruncateOnFirstWrite(), "store does not support table.truncate.on.first.write");
        plainRows(1, 3);
        task("seed", Map.of()).deliver().commit();
        assertRowCount(3, topic);

        Map<String, String> overwrite = Map.of("table.truncate.on.first.write", "true");
        task(CONNECTOR, overwrite).deliver().stop();
        assertRowCount(3, topic);
        plainRows(4, 5);
        task(CONNECTOR, overwrite).deliver().commit();

        List<Object> ids = new ArrayList<>();
        probe().rows(topic, PLAIN, "order_id").forEach(row -> ids.add(row.get("order_id")));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), ids,
                "the seed rows were replaced by this connector's copy once; the restart did not truncate again");
    }

    @Test
    void nullsRoundTripAsNulls() {
        Struct nulls = AmpTypes.rows(probe().storesNullNestedValues()).get(2);
        log.append(topic, 0, AmpTypes.SCHEMA, nulls, new ConnectHeaders());
        task().deliver().commit();

        Map<String, Object> row = probe().rows(topic, AmpTypes.SCHEMA, "id").get(0);
        for (var field : AmpTypes.SCHEMA.fields()) {
            if (!field.name().equals("id")) {
                // NULL, or what the kit sent where the store cannot keep a NULL (SinkProbe.storesNullNestedValues)
                assertEquals(ConnectValues.comparable(nulls.get(field)), ConnectValues.comparable(row.get(field.name())),
                        field.name());
            }
        }
    }

    @Test
    void everyAmpTypeRoundTripsValueExactly() {
        ChainStream chain = stream("eth");
        List<Struct> values = AmpTypes.rows(probe().storesNullNestedValues());
        var range = chain.range(500, 500);
        for (int i = 0; i < values.size(); i++) {
            chain.data(List.of(range), values.get(i), i);
        }
        chain.watermark(range, values.size());
        task().deliver().commit();

        List<Map<String, Object>> rows = probe().rows(topic, AmpTypes.SCHEMA, "id");
        assertEquals(3, rows.size());
        List<String> columns = AmpTypes.SCHEMA.fields().stream().map(f -> f.name()).toList();
        for (int i = 0; i < values.size(); i++) {
            Map<String, Object> expected = ConnectValues.comparableRow(values.get(i));
            Map<String, Object> actual = ConnectValues.comparableRow(rows.get(i), columns);
            for (String column : columns) {
                assertEquals(expected.get(column), actual.get(column), "row " + (i + 1) + " column " + column);
            }
        }
    }

    @Test
    void everyAmpArrowTypeRoundTripsValueExactlyInTheArrowFormat() {
        ChainStream chain = stream("eth");
        BlockRange range = chain.range(500, 500);
        List<Struct> expected;
        Schema expectedSchema;
        try (BufferAllocator allocator = new RootAllocator(); VectorSchemaRoot batch = AmpArrowBatch.create(allocator,
                probe().storesNullNestedValues())) {
            chain.arrowData(List.of(range), batch);
            expectedSchema = new ArrowSchemaMapper(ArrowConversionOptions.DEFAULTS).streamValueSchema(batch.getSchema(), "types");
            expected = new ArrowRowReader(batch.getSchema(), expectedSchema).bind(batch, BatchId.of(range)).rows();
        }
        chain.watermark(range, expected.size());
        task().deliver().commit();

        List<Map<String, Object>> rows = probe().rows(topic, expectedSchema, "id");
        assertEquals(3, rows.size());
        List<String> columns = expectedSchema.fields().stream().map(f -> f.name()).toList();
        for (int i = 0; i < expected.size(); i++) {
            Map<String, Object> wanted = ConnectValues.comparableRow(expected.get(i));
            Map<String, Object> actual = ConnectValues.comparableRow(rows.get(i), columns);
            for (String column : columns) {
                assertEquals(wanted.get(column), actual.get(column), "row " + (i + 1) + " column " + column);
            }
        }
    }

    @Test
    void aMissingTableWithAutoCreateOffFailsNamingTheTable() {
        plainRows(1, 2);
        SinkTaskDriver driver = task(CONNECTOR, Map.of("table.auto.create", "false", "buffer.flush.rows", "1"));

        ConnectException error = assertThrows(ConnectException.class, driver::deliver);
        assertTrue(error.getMessage().contains(topic) && error.getMessage().contains("table.auto.create"), error.getMessage());
        assertRowCount(0, topic);
    }

    @Test
    void aNewFieldAddsAColumn() {
        plainRows(1, 1);
        Schema wider = SchemaBuilder.struct().name("plain.Order")
                .field("order_id", Schema.INT64_SCHEMA)
                .field("note", Schema.OPTIONAL_STRING_SCHEMA)
                .field("amount", Schema.OPTIONAL_INT64_SCHEMA)
                .build();
        log.append(topic, 0, wider, new Struct(wider).put("order_id", 2L).put("amount", 7L), new ConnectHeaders());
        task().deliver().commit();

        assertTrue(probe().columnNames(topic).contains("amount"), probe().columnNames(topic).toString());
        List<Map<String, Object>> rows = probe().rows(topic, wider, "order_id");
        assertEquals(null, rows.get(0).get("amount"));
        assertEquals(7L, rows.get(1).get("amount"));
    }

    @Test
    void aBadRecordGoesToTheDeadLetterQueueWithToleranceAllAndTheOthersLand() {
        Schema amounts = SchemaBuilder.struct().name("plain.Amount")
                .field("id", Schema.INT64_SCHEMA)
                .field("amount", Decimal.builder(0).parameter("connect.decimal.precision", "5").build())
                .build();
        log.append(topic, 0, amounts, new Struct(amounts).put("id", 1L).put("amount", new BigDecimal("12345")), new ConnectHeaders());
        log.append(topic, 0, amounts, new Struct(amounts).put("id", 2L).put("amount", new BigDecimal("123456")), new ConnectHeaders());
        log.append(topic, 0, amounts, new Struct(amounts).put("id", 3L).put("amount", new BigDecimal("-1")), new ConnectHeaders());
        SinkTaskDriver driver = task(CONNECTOR, Map.of("errors.tolerance", "all")).deliver();

        assertEquals(Map.of(partition(), new OffsetAndMetadata(3)), driver.commit());
        assertRowCount(2, topic);
        assertEquals(1, driver.context().deadLetters().size());
        assertEquals(1L, driver.context().deadLetters().get(0).record().kafkaOffset());
        assertTrue(driver.context().deadLetters().get(0).error().getMessage().contains("offset 1"));
    }

    @Test
    void aBadRecordFailsTheTaskNamingTopicPartitionOffsetAndColumnWithoutTolerance() {
        Schema amounts = SchemaBuilder.struct().name("plain.Amount")
                .field("amount", Decimal.builder(0).parameter("connect.decimal.precision", "2").build())
                .build();
        log.append(topic, 0, amounts, new Struct(amounts).put("amount", new BigDecimal("100")), new ConnectHeaders());
        SinkTaskDriver driver = task();

        // the task fails from put(): at once (rows converted as they arrive, no dead letter queue) or, when the record
        // is converted at the cut inside preCommit(), from the put() after it
        ConnectException error = assertThrows(ConnectException.class, () -> {
            driver.deliver();
            driver.commit();
            driver.idle();
        });
        assertTrue(error.getMessage().contains("topic " + topic + " partition 0 offset 0")
                && error.getMessage().contains("column amount"), error.getMessage());
        assertRowCount(0, topic);
    }

    @Test
    void aMalformedControlRecordIsNeverSkippedEvenWithToleranceAll() {
        var headers = ContractHeaders.invalidation("blocks", "s1");
        log.append(topic, 0, Schema.STRING_SCHEMA, "not an invalidation", headers);
        SinkTaskDriver driver = task(CONNECTOR, Map.of("errors.tolerance", "all"));

        ConnectException error = assertThrows(ConnectException.class, driver::deliver);
        assertTrue(error.getMessage().contains("malformed control record"), error.getMessage());
    }
}
