package dev.ampconnect.sink.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.range.BatchId;
import dev.ampconnect.common.range.BlockRange;
import dev.ampconnect.common.sink.conformance.AmpTypes;
import dev.ampconnect.common.sink.conformance.ChainStream;
import dev.ampconnect.common.sink.conformance.ConformanceSupport;
import dev.ampconnect.common.sink.conformance.SinkProbe;
import dev.ampconnect.common.sink.conformance.SinkTaskDriver;
import dev.ampconnect.testsupport.postgres.PostgresDatabase;
import dev.ampconnect.testsupport.postgres.PostgresExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PostgreSQL-specific behaviour beyond the conformance kit: DDL, registry tables, rejected rows, retries. */
class PostgresSinkBehaviourIT extends ConformanceSupport {

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    private PostgresDatabase database;
    private PostgresProbe probe;

    @Override
    protected SinkProbe probe() {
        if (probe == null) {
            database = PG.database();
            probe = new PostgresProbe(database);
        }
        return probe;
    }

    private List<List<Object>> query(String sql, Object... parameters) {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection connection = database.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int c = 1; c <= result.getMetaData().getColumnCount(); c++) {
                        row.add(result.getObject(c));
                    }
                    rows.add(row);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    @Test
    void autoCreatedColumnsFollowTheDocumentedTypeMapping() {
        ChainStream chain = stream("eth");
        BlockRange range = chain.range(1, 1);
        chain.data(List.of(range), AmpTypes.rows().get(0), 0);
        task().deliver().commit();

        Map<String, Object> types = new LinkedHashMap<>();
        for (List<Object> row : query("SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
                + " WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 ORDER BY a.attnum", "public." + topic)) {
            types.put((String) row.get(0), row.get(1));
        }
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("id", "bigint");
        expected.put("flag", "boolean");
        expected.put("i8", "smallint");
        expected.put("i16", "smallint");
        expected.put("i32", "integer");
        expected.put("i64", "bigint");
        expected.put("u8", "smallint");
        expected.put("u16", "integer");
        expected.put("u32", "bigint");
        expected.put("u64", "numeric(20,0)");
        expected.put("f32", "real");
        expected.put("f64", "double precision");
        expected.put("text", "text");
        expected.put("raw", "bytea");
        expected.put("address", "bytea");
        expected.put("hash", "bytea");
        expected.put("d128", "numeric(38,0)");
        expected.put("d256", "numeric(76,0)");
        expected.put("scaled", "numeric(18,6)");
        expected.put("ts", "timestamp with time zone");
        expected.put("ts_ns", "timestamp with time zone");
        expected.put("day", "date");
        expected.put("time_of_day", "time without time zone");
        expected.put("numbers", "jsonb");
        expected.put("access_list", "jsonb");
        expected.put("inner", "jsonb");
        expected.put("labels", "jsonb");
        expected.put("always_null", "text");
        expected.put("_amp_batch_id", "text");
        expected.put("_amp_batch_seq", "bigint");
        assertEquals(expected, types);
        assertEquals(List.of(List.of("brin")), query("SELECT am.amname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                + " JOIN pg_am am ON am.oid = c.relam WHERE i.indrelid = to_regclass(?)", "public." + topic),
                "one BRIN index on _amp_batch_seq, nothing that slows COPY");
        assertEquals(List.of(List.of(0)), query("SELECT brin_summarize_new_values(to_regclass(?))",
                        "public." + PgTableCatalog.sequenceIndex(topic)),
                "every written page range is already summarized, so deletes read only their own ranges");
    }

    @Test
    void theRegistryAndProgressViewDescribeStoredBatches() {
        ChainStream chain = stream("eth");
        chain.batch(100, 101, 2);
        chain.batch(102, 104, 1);
        chain.partialBatch(105, 106, 1, 1);
        task().deliver().commit();

        assertEquals(List.of(
                        List.of(BatchId.of(chain.range(100, 101)), 1L, 100L, 101L, 4L, true),
                        List.of(BatchId.of(chain.range(102, 104)), 2L, 102L, 104L, 3L, true),
                        List.of(BatchId.of(chain.range(105, 106)), 3L, 105L, 106L, 1L, false)),
                query("SELECT batch_id, sequence, start_block, end_block, rows, complete FROM amp_sink_batches"
                        + " WHERE connector = ? AND table_name = ? ORDER BY sequence", CONNECTOR, topic));
        assertEquals(List.of(List.of(104L, chain.hash(104), 2L)), query("SELECT last_complete_block, last_complete_hash,"
                + " last_complete_sequence FROM amp_sink_progress WHERE connector = ? AND table_name = ?", CONNECTOR, topic));
        assertEquals(List.of(List.of(7L)), query("SELECT count(*) FROM \"" + topic + "\" t WHERE t._amp_batch_seq <= (SELECT"
                + " last_complete_sequence FROM amp_sink_progress p WHERE p.table_name = ?)", topic),
                "readers hide the incomplete batch through the progress view");
    }

    @Test
    void theRegistryIsPrunedPastTheReorgWindowAndAnInvalidationBelowItFailsLoudly() {
        ChainStream chain = stream("eth");
        chain.batch(100, 109, 1);
        chain.batch(110, 119, 1);
        chain.batch(120, 129, 1);
        Map<String, String> window = Map.of("reorg.max.depth.blocks", "10");
        task(CONNECTOR, window).deliver().stop();

        assertEquals(List.of(List.of(2L), List.of(3L)), query("SELECT sequence FROM amp_sink_batches WHERE table_name = ?"
                + " ORDER BY sequence", topic));
        chain.reorg(105, 129);
        SinkTaskDriver driver = task(CONNECTOR, window);
        ConnectException error = assertThrows(ConnectException.class, driver::deliver);
        assertTrue(error.getMessage().contains("pruned through block 109"), error.getMessage());
        assertRowCount(30, topic);
    }

    @Test
    void aTimestampWithSubMicrosecondDigitsIsRejectedNotRounded() {
        Schema schema = SchemaBuilder.struct().name("t.Value").field("id", Schema.INT64_SCHEMA)
                .field("at", SchemaBuilder.int64().name("dev.ampconnect.TimestampNanos").build()).build();
        log.append(topic, 0, schema, new Struct(schema).put("id", 1L).put("at", 1_000L), new ConnectHeaders());
        log.append(topic, 0, schema, new Struct(schema).put("id", 2L).put("at", 1_001L), new ConnectHeaders());
        SinkTaskDriver driver = task(CONNECTOR, Map.of("errors.tolerance", "all")).deliver();
        driver.commit();

        assertRowCount(1, topic);
        assertEquals(1, driver.context().deadLetters().size());
        assertEquals(1L, driver.context().deadLetters().get(0).record().kafkaOffset());
        assertTrue(driver.context().deadLetters().get(0).error().getMessage().contains("sub-microsecond"));
    }

    private static final Schema NOTE = SchemaBuilder.struct().name("t.Note")
            .field("id", Schema.INT64_SCHEMA).field("note", Schema.STRING_SCHEMA).build();

    private void note(long id, String text) {
        log.append(topic, 0, NOTE, new Struct(NOTE).put("id", id).put("note", text), new ConnectHeaders());
    }

    @Test
    void aRowPostgresRejectsGoesToTheDeadLetterQueueAndTheOthersLand() {
        note(1, "fine");
        note(2, "nul \u0000 byte");
        note(3, "also fine");
        SinkTaskDriver driver = task(CONNECTOR, Map.of("errors.tolerance", "all")).deliver();

        assertEquals(Map.of(partition(), new OffsetAndMetadata(3)), driver.commit());
        assertEquals(List.of(List.of(1L), List.of(3L)), query("SELECT id FROM \"" + topic + "\" ORDER BY id"));
        assertEquals(1, driver.context().deadLetters().size());
        assertEquals(1L, driver.context().deadLetters().get(0).record().kafkaOffset(), "COPY named the row");
    }

    @Test
    void aColumnTypeConflictFailsNamingTheColumn() {
        database.execute("CREATE TABLE \"" + topic + "\" (id BIGINT, note INTEGER)");
        note(1, "text into an integer column");
        SinkTaskDriver driver = task(CONNECTOR, Map.of("buffer.flush.rows", "1"));

        ConnectException error = assertThrows(ConnectException.class, () -> deliverAndCommit(driver));
        assertTrue(error.getMessage().contains("\"note\"") && error.getMessage().contains("integer"), error.getMessage());
    }

    @Test
    void aColumnTypeConflictSendsTheWholeBatchToTheDeadLetterQueueWithToleranceAll() {
        database.execute("CREATE TABLE \"" + topic + "\" (id BIGINT, note INTEGER)");
        note(1, "a");
        note(2, "b");
        SinkTaskDriver driver = task(CONNECTOR, Map.of("errors.tolerance", "all")).deliver();

        assertEquals(Map.of(partition(), new OffsetAndMetadata(2)), driver.commit());
        assertEquals(2, driver.context().deadLetters().size());
        assertRowCount(0, topic);
    }

    private static final Schema BALANCE = SchemaBuilder.struct().name("t.Balance")
            .field("account", Schema.STRING_SCHEMA).field("balance", Schema.INT64_SCHEMA).build();

    private void balance(String account, long value) {
        log.append(topic, 0, BALANCE, new Struct(BALANCE).put("account", account).put("balance", value), new ConnectHeaders());
    }

    private static final Map<String, String> UPSERT = Map.of("pg.write.mode", "upsert", "pg.pk.fields", "account");

    @Test
    void upsertKeepsTheLastRowOfAKeyWithinOneFlush() {
        balance("alice", 1);
        balance("bob", 5);
        balance("alice", 2);
        task(CONNECTOR, UPSERT).deliver().commit();
        balance("alice", 3);
        task(CONNECTOR, UPSERT).deliver().commit();

        assertEquals(List.of(List.of("alice", 3L), List.of("bob", 5L)), query("SELECT account, balance FROM \"" + topic
                + "\" ORDER BY account"));
    }

    @Test
    void upsertPreImagesAreDroppedWhenTheirBatchLeavesTheReorgWindow() {
        ChainStream chain = stream("eth");
        Schema account = SchemaBuilder.struct().name("t.Account").field("account", Schema.STRING_SCHEMA)
                .field("balance", Schema.INT64_SCHEMA).field("_amp_batch_id", Schema.STRING_SCHEMA).build();
        for (long block = 1; block <= 30; block++) {
            BlockRange range = chain.range(block, block);
            chain.data(List.of(range), new Struct(account).put("account", "a").put("balance", block)
                    .put("_amp_batch_id", BatchId.of(range)), 0);
            chain.watermark(range, 1);
        }
        Map<String, String> config = new java.util.HashMap<>(UPSERT);
        config.put("reorg.max.depth.blocks", "5");
        config.put("buffer.flush.rows", "1");
        task(CONNECTOR, config).deliver().commit();

        assertEquals(List.of(List.of(30L)), query("SELECT balance FROM \"" + topic + "\""));
        List<List<Object>> kept = query("SELECT _amp_preimage_seq FROM \"" + PgTableCatalog.preimageTable(topic)
                + "\" ORDER BY 1");
        assertTrue(kept.size() <= 7 && kept.size() >= 5, "only pre-images of batches inside the window remain: " + kept);
        assertEquals(List.of(30L), kept.get(kept.size() - 1));
    }

    @Test
    void upsertIntoATableWithoutAUniqueKeyFailsClearly() {
        database.execute("CREATE TABLE \"" + topic + "\" (account TEXT, balance BIGINT)");
        balance("alice", 1);
        SinkTaskDriver driver = task(CONNECTOR, Map.of("pg.write.mode", "upsert", "pg.pk.fields", "account",
                "buffer.flush.rows", "1"));

        ConnectException error = assertThrows(ConnectException.class, () -> deliverAndCommit(driver));
        assertTrue(error.getMessage().contains("unique index on exactly [account]"), error.getMessage());
    }

    /**
     * Delivers, commits and polls once more: a unit written in the background (buffer.flush.pipelined) fails
     * the task at its next call after the offset commit waited for it.
     */
    private static void deliverAndCommit(SinkTaskDriver driver) {
        driver.deliver();
        driver.commit();
        driver.idle();
    }

    @Test
    void upsertRowsRejectedByAConstraintAreIsolatedByProbing() {
        database.execute("CREATE TABLE \"" + topic + "\" (account TEXT PRIMARY KEY, balance BIGINT CHECK (balance >= 0))");
        balance("alice", 1);
        balance("bob", -5);
        balance("carol", 7);
        SinkTaskDriver driver = task(CONNECTOR, Map.of("pg.write.mode", "upsert", "pg.pk.fields", "account",
                "errors.tolerance", "all")).deliver();
        driver.commit();

        assertEquals(List.of(List.of("alice", 1L), List.of("carol", 7L)), query("SELECT account, balance FROM \"" + topic
                + "\" ORDER BY account"));
        assertEquals(1, driver.context().deadLetters().size());
        assertEquals(1L, driver.context().deadLetters().get(0).record().kafkaOffset());
    }

    @Test
    void aLostConnectionIsRetriedAndNothingIsDuplicated() {
        ChainStream chain = stream("eth");
        chain.batch(100, 104, 2);
        SinkTaskDriver driver = task(CONNECTOR, Map.of("buffer.flush.rows", "4")).deliver();
        driver.commit();
        database.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'amp-connect "
                + CONNECTOR + "'");

        chain.batch(105, 109, 2);
        driver.deliver();
        driver.commit();

        assertEquals(expectedIds("eth", 100, 109, 2), sorted(ids(topic)));
        assertEquals(1, driver.metrics().retries(), "the flush on the lost connection failed once, Connect redelivered");
        assertTrue(driver.context().timeoutsMs().contains(10L), "the backoff was handed to Connect (retry.backoff.ms): "
                + driver.context().timeoutsMs());
    }

    @Test
    void anUpsertTableEvolvesItsPreImageTableToo() {
        ChainStream chain = stream("eth");
        Schema v1 = SchemaBuilder.struct().name("t.Account").field("account", Schema.STRING_SCHEMA)
                .field("balance", Schema.INT64_SCHEMA).field("_amp_batch_id", Schema.STRING_SCHEMA).build();
        Schema v2 = SchemaBuilder.struct().name("t.Account").field("account", Schema.STRING_SCHEMA)
                .field("balance", Schema.INT64_SCHEMA).field("label", Schema.OPTIONAL_STRING_SCHEMA)
                .field("_amp_batch_id", Schema.STRING_SCHEMA).build();
        BlockRange first = chain.range(1, 1);
        chain.data(List.of(first), new Struct(v1).put("account", "a").put("balance", 1L).put("_amp_batch_id", BatchId.of(first)), 0);
        chain.watermark(first, 1);
        BlockRange second = chain.range(2, 2);
        chain.data(List.of(second), new Struct(v2).put("account", "a").put("balance", 2L).put("label", "new")
                .put("_amp_batch_id", BatchId.of(second)), 0);
        chain.watermark(second, 1);
        SinkTaskDriver driver = task(CONNECTOR, UPSERT).deliver();
        driver.commit();
        chain.reorg(2, 2);
        driver.deliver().commit();

        assertEquals(List.of(List.of("a", 1L)), query("SELECT account, balance FROM \"" + topic + "\" WHERE label IS NULL"));
        assertTrue(probe.columnNames(PgTableCatalog.preimageTable(topic)).contains("label"));
    }
}
