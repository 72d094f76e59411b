package dev.ampconnect.sink.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ampconnect.common.range.BatchId;
import dev.ampconnect.common.range.BlockRange;
import dev.ampconnect.common.sink.conformance.ArrowJsonDecoder;
import dev.ampconnect.common.sink.conformance.ChainStream;
import dev.ampconnect.common.sink.conformance.ConformanceSupport;
import dev.ampconnect.common.sink.conformance.SinkProbe;
import dev.ampconnect.common.sink.conformance.SinkTaskDriver;
import dev.ampconnect.testsupport.redis.RedisExtension;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Redis-specific behaviour per structure: the exact text of values, key templates, TTL, pre-image restore
 * of hashes, strings, sets and sorted sets (across batches of one flush and across flushes), invalidation
 * inside a stream (with its retraction entry) and a sorted set, the registry layout and pruning, the
 * hash-tag layout, and type conflicts.
 */
class RedisStructuresIT extends ConformanceSupport {

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    private static final Schema HOLDING = SchemaBuilder.struct().name("dev.ampconnect.stream.holdings.Value")
            .field("token", Schema.STRING_SCHEMA)
            .field("holder", Schema.STRING_SCHEMA)
            .field("balance", Schema.INT64_SCHEMA)
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .field("_amp_batch_id", Schema.STRING_SCHEMA)
            .build();

    private final RedisProbe probe = new RedisProbe(REDIS::database, RedisStructure.HASH);

    @Override
    protected SinkProbe probe() {
        return probe;
    }

    private static Jedis redis() {
        return REDIS.database().connect();
    }

    /** One row of the holdings stream. */
    private record Holding(String token, String holder, long balance, String note) {
    }

    /** One microbatch of holdings {@code token/holder -> balance} (with an optional note per row). */
    private static void holdings(ChainStream chain, long start, long end, List<Holding> rows) {
        BlockRange range = chain.range(start, end);
        for (int i = 0; i < rows.size(); i++) {
            Holding row = rows.get(i);
            chain.data(List.of(range), new Struct(HOLDING).put("token", row.token()).put("holder", row.holder())
                    .put("balance", row.balance()).put("note", row.note()).put("_amp_batch_id", BatchId.of(range)), i);
        }
        chain.watermark(range, rows.size());
    }

    private static Holding holding(String token, String holder, long balance) {
        return new Holding(token, holder, balance, null);
    }

    private Map<String, String> layout(String structure, String key, String... more) {
        Map<String, String> config = new HashMap<>();
        config.put(RedisSinkConfig.STRUCTURE, structure);
        config.put(RedisSinkConfig.KEY_TEMPLATE, key);
        for (int i = 0; i + 1 < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        return config;
    }

    @Test
    void aHashRowIsOneFieldPerNonNullColumnAsExactText() {
        Schema schema = SchemaBuilder.struct().name("dev.ampconnect.stream.tx.Value")
                .field("hash", SchemaBuilder.bytes().name("dev.ampconnect.Fixed4").parameter("connect.fixed.size", "4").build())
                .field("value", Decimal.builder(0).parameter("connect.decimal.precision", "38").build())
                .field("gas", Schema.INT64_SCHEMA)
                .field("fee", Schema.FLOAT64_SCHEMA)
                .field("at", Timestamp.SCHEMA)
                .field("memo", Schema.OPTIONAL_STRING_SCHEMA)
                .field("_amp_batch_id", Schema.STRING_SCHEMA)
                .build();
        ChainStream chain = stream("eth");
        BlockRange range = chain.range(100, 100);
        chain.data(List.of(range), new Struct(schema).put("hash", new byte[] {(byte) 0xde, (byte) 0xad, 0, 1})
                .put("value", new BigDecimal("123456789012345678901234567890")).put("gas", Long.MIN_VALUE)
                .put("fee", 0.1).put("at", new java.util.Date(1_700_000_000_123L)).put("_amp_batch_id", BatchId.of(range)), 0);
        chain.watermark(range, 1);
        task(CONNECTOR, layout("hash", "tx:${hash}")).deliver().commit();

        try (Jedis redis = redis()) {
            assertEquals(Map.of("hash", "0xdead0001", "value", "123456789012345678901234567890",
                    "gas", "-9223372036854775808", "fee", "0.1", "at", "2023-11-14T22:13:20.123Z",
                    "_amp_batch_id", BatchId.of(range)), redis.hgetAll("tx:0xdead0001"),
                    "the key comes from the template; the null memo is no field; numbers keep every digit");
            assertEquals(Map.of("hash", "fixed(4)", "value", "decimal(38,0)", "gas", "int64", "fee", "float64",
                    "at", "timestamp", "memo", "string", "_amp_batch_id", "string"),
                    redis.hgetAll("amp:{" + CONNECTOR + "}:columns:" + topic), "the catalog tells readers how to parse");
        }
    }

    @Test
    void aRowKeyThatAlreadyExistsIsOverwrittenAndAnInvalidationDeletesIt() {
        // a ${row} key names one row of one record: what it held can only be an earlier copy of that row (the
        // connector's state was reset), so it keeps no pre-image and the invalidated row is gone afterwards
        String first = topic + ":" + topic + ":0:0:0";
        String second = topic + ":" + topic + ":0:1:0";
        try (Jedis redis = redis()) {
            redis.hset(first, Map.of("token", "t", "holder", "alice")); // an earlier copy of the row
        }
        ChainStream chain = stream("eth");
        holdings(chain, 100, 100, List.of(holding("t", "alice", 1), holding("t", "bob", 2)));
        holdings(chain, 101, 101, List.of(holding("t", "carol", 3)));
        SinkTaskDriver driver = task(CONNECTOR, layout("hash", "")).deliver();
        driver.commit();
        try (Jedis redis = redis()) {
            assertEquals("1", redis.hget(first, "balance"));
            assertEquals("bob", redis.hget(second, "holder"));
        }

        chain.reorg(101, 101);
        driver.deliver().commit();
        try (Jedis redis = redis()) {
            assertEquals("bob", redis.hget(second, "holder"), "the older batch keeps its rows");
            assertFalse(redis.exists(topic + ":" + topic + ":0:3:0"), "carol's row is gone");
        }

        chain.reorg(100, 100);
        driver.deliver().commit();
        try (Jedis redis = redis()) {
            assertFalse(redis.exists(first), "the invalidated row is deleted, not brought back");
            assertFalse(redis.exists(second));
        }
    }

    @Test
    void binaryColumnsCanBeWrittenAsBase64() {
        Schema schema = SchemaBuilder.struct().name("plain.Blob").field("id", Schema.INT64_SCHEMA)
                .field("data", Schema.BYTES_SCHEMA).build();
        log.append(topic, 0, schema, new Struct(schema).put("id", 7L).put("data", new byte[] {1, 2, 3}),
                new org.apache.kafka.connect.header.ConnectHeaders());
        task(CONNECTOR, layout("hash", "blob:${id}", RedisSinkConfig.BINARY_FORMAT, "base64")).deliver().commit();

        try (Jedis redis = redis()) {
            assertEquals("AQID", redis.hget("blob:7", "data"));
        }
    }

    @Test
    void aStringRowIsAJsonObjectWithWideNumbersAsStrings() {
        ChainStream chain = stream("eth");
        holdings(chain, 100, 100, List.of(new Holding("usdc", "alice", 5L, "first")));
        task(CONNECTOR, layout("string", "h:${token}:${holder}")).deliver().commit();

        try (Jedis redis = redis()) {
            JsonNode row = ArrowJsonDecoder.parse(redis.get("h:usdc:alice"));
            assertEquals("usdc", row.get("token").asText());
            assertTrue(row.get("balance").isTextual(), "int64 is a JSON string (every digit survives JavaScript): " + row);
            assertEquals("5", row.get("balance").asText());
            assertEquals("first", row.get("note").asText());
        }
    }

    @Test
    void everyWrittenKeyExpiresAfterTheTtl() {
        ChainStream chain = stream("eth");
        holdings(chain, 100, 100, List.of(holding("usdc", "alice", 1), holding("dai", "bob", 2)));
        task(CONNECTOR, layout("hash", "h:${token}:${holder}", RedisSinkConfig.TTL_MS, "60000")).deliver().commit();

        try (Jedis redis = redis()) {
            for (String key : List.of("h:usdc:alice", "h:dai:bob")) {
                long ttl = redis.pttl(key);
                assertTrue(ttl > 50_000 && ttl <= 60_000, key + " expires in " + ttl + " ms");
            }
            assertEquals(-1, redis.pttl("amp:{" + CONNECTOR + "}:offsets"), "the sink's own keys never expire");
        }
    }

    @Test
    void aHashInvalidationRestoresTheWholeHashAnOlderBatchWroteWithItsTtl() {
        ChainStream chain = stream("eth");
        holdings(chain, 100, 101, List.of(new Holding("usdc", "alice", 10L, "kept")));
        Map<String, String> config = layout("hash", "h:${token}:${holder}", RedisSinkConfig.TTL_MS, "600000");
        SinkTaskDriver driver = task(CONNECTOR, config).deliver();
        driver.commit();
        holdings(chain, 102, 103, List.of(holding("usdc", "alice", 11), holding("usdc", "carol", 30)));
        holdings(chain, 104, 105, List.of(holding("usdc", "alice", 12)));
        driver.deliver().commit();
        try (Jedis redis = redis()) {
            assertNull(redis.hget("h:usdc:alice", "note"), "a newer row replaces the whole hash");
            assertEquals("12", redis.hget("h:usdc:alice", "balance"));
        }

        chain.reorg(102, 105);
        driver.deliver().commit();

        try (Jedis redis = redis()) {
            assertEquals(Map.of("token", "usdc", "holder", "alice", "balance", "10", "note", "kept",
                    "_amp_batch_id", BatchId.of(chain.range(100, 101))), redis.hgetAll("h:usdc:alice"),
                    "the hash batch 100-101 wrote is back, field for field");
            assertTrue(redis.pttl("h:usdc:alice") > 500_000, "with its own expiry");
            assertFalse(redis.exists("h:usdc:carol"), "carol was new in 102-103");
            assertTrue(preimageKeys(redis).isEmpty(), "undone batches leave no pre-images: " + preimageKeys(redis));
        }
    }

    @Test
    void aStringInvalidationRestoresTheJsonOfTheOlderBatch() {
        ChainStream chain = stream("eth");
        holdings(chain, 100, 100, List.of(holding("usdc", "alice", 1)));
        holdings(chain, 101, 101, List.of(holding("usdc", "alice", 2)));
        SinkTaskDriver driver = task(CONNECTOR, layout("string", "h:${token}:${holder}")).deliver();
        driver.commit();
        String before;
        try (Jedis redis = redis()) {
            assertEquals("2", ArrowJsonDecoder.parse(redis.get("h:usdc:alice")).get("balance").asText());
        }
        chain.reorg(101, 101);
        driver.deliver().commit();

        try (Jedis redis = redis()) {
            before = redis.get("h:usdc:alice");
        }
        assertEquals("1", ArrowJsonDecoder.parse(before).get("balance").asText(),
                "block 100's value, although both batches were written in one flush");
    }

    @Test
    void aSetInvalidationRemovesOnlyTheMembersTheBatchAdded() {
        Map<String, String> config = layout("set", "holders:${token}", RedisSinkConfig.MEMBER_TEMPLATE, "${holder}");
        ChainStream chain = stream("eth");
        holdings(chain, 100, 100, List.of(holding("usdc", "alice", 1)));
        SinkTaskDriver driver = task(CONNECTOR, config).deliver();
        driver.commit();
        holdings(chain, 101, 101, List.of(holding("usdc", "alice", 2), holding("usdc", "bob", 3)));
        holdings(chain, 102, 102, List.of(holding("usdc", "bob", 4), holding("dai", "carol", 5)));
        driver.deliver().commit();
        try (Jedis redis = redis()) {
            assertEquals(Set.of("alice", "bob"), redis.smembers("holders:usdc"));
        }

        chain.reorg(101, 102);
        driver.deliver().commit();

        try (Jedis redis = redis()) {
            assertEquals(Set.of("alice"), redis.smembers("holders:usdc"), "alice was a member before 101; bob was added by"
                    + " 101 (and again by 102, in the same flush)");
            assertFalse(redis.exists("holders:dai"));
        }
    }

    @Test
    void aSortedSetInvalidationRestoresTheScoresOlderBatchesGave() {
        Map<String, String> config = layout("zset", "balances:${token}", RedisSinkConfig.MEMBER_TEMPLATE, "${holder}",
                RedisSinkConfig.SCORE_FIELD, "balance", RedisSinkConfig.TTL_MS, "600000");
        ChainStream chain = stream("eth");
        holdings(chain, 100, 100, List.of(holding("usdc", "alice", 10), holding("usdc", "bob", 20)));
        SinkTaskDriver driver = task(CONNECTOR, config).deliver();
        driver.commit();
        holdings(chain, 101, 101, List.of(holding("usdc", "alice", 11), holding("usdc", "carol", 30)));
        holdings(chain, 102, 102, List.of(holding("usdc", "alice", 12), holding("dai", "dave", 40)));
        holdings(chain, 103, 103, List.of(holding("usdc", "bob", 23)));
        driver.deliver().commit();

        chain.reorg(102, 103);
        driver.deliver().commit();
        try (Jedis redis = redis()) {
            assertEquals(Map.of("alice", 11.0, "bob", 20.0, "carol", 30.0), scores(redis, "balances:usdc"),
                    "back to block 101, whose batch was written in the same flush as 102-103");
            assertFalse(redis.exists("balances:dai"), "dave's key did not exist before block 102");
            assertTrue(redis.pttl("balances:usdc") > 0, "the key keeps an expiry");
        }

        chain.reorg(101, 101);
        driver.deliver().commit();
        try (Jedis redis = redis()) {
            assertEquals(Map.of("alice", 10.0, "bob", 20.0), scores(redis, "balances:usdc"));
        }
    }

    private static Map<String, Double> scores(Jedis redis, String key) {
        Map<String, Double> scores = new TreeMap<>();
        redis.zrangeWithScores(key, 0, -1).forEach(tuple -> scores.put(tuple.getElement(), tuple.getScore()));
        return scores;
    }

    @Test
    void aStreamInvalidationDeletesTheBatchEntriesAndAppendsARetraction() {
        ChainStream chain = stream("eth");
        holdings(chain, 100, 100, List.of(holding("usdc", "alice", 1)));
        holdings(chain, 101, 102, List.of(holding("usdc", "bob", 2), holding("usdc", "carol", 3)));
        SinkTaskDriver driver = task(CONNECTOR, layout("stream", "events:${table}")).deliver();
        driver.commit();
        chain.reorg(101, 102);
        holdings(chain, 101, 101, List.of(holding("usdc", "dave", 4)));
        driver.deliver().commit();

        try (Jedis redis = redis()) {
            List<StreamEntry> entries = redis.xrange("events:" + topic, (StreamEntryID) null, (StreamEntryID) null);
            List<String> holders = new ArrayList<>();
            StreamEntry retraction = null;
            for (StreamEntry entry : entries) {
                if (entry.getFields().containsKey("_amp_kind")) {
                    retraction = entry;
                    holders.add("<retraction>");
                } else {
                    holders.add(entry.getFields().get("holder"));
                }
            }
            assertEquals(List.of("alice", "<retraction>", "dave"), holders,
                    "bob and carol are deleted, the retraction follows what it retracts, the new fork after it");
            assertEquals("invalidation", retraction.getFields().get("_amp_kind"));
            assertEquals("2", retraction.getFields().get("_amp_deleted"));
            JsonNode batches = ArrowJsonDecoder.parse(retraction.getFields().get("_amp_batches"));
            assertEquals(BatchId.of(chain.range(101, 102)), batches.get(0).get("batch_id").asText());
            assertEquals(101, batches.get(0).get("ranges").get(0).get("start").asLong());
        }
    }

    @Test
    void theRegistryHoldsBatchesAndProgressAndIsPrunedWithItsPreimages() {
        ChainStream chain = stream("eth");
        Map<String, String> config = layout("hash", "h:${token}:${holder}", "reorg.max.depth.blocks", "5");
        SinkTaskDriver driver = task(CONNECTOR, config);
        for (long block = 100; block < 110; block++) {
            holdings(chain, block, block, List.of(holding("usdc", "alice", block)));
            driver.deliver().commit();
        }
        String prefix = "amp:{" + CONNECTOR + "}:";
        try (Jedis redis = redis()) {
            Map<String, String> batches = redis.hgetAll(prefix + "batches:" + topic);
            assertEquals(6, batches.size(), "blocks 104..109 stay within 5 blocks of block 109: " + batches.keySet());
            JsonNode progress = ArrowJsonDecoder.parse(redis.hget(prefix + "progress:" + topic, "eth"));
            assertEquals(109, progress.get("last_complete_block").asLong());
            assertEquals(chain.hash(109), progress.get("last_complete_hash").asText());
            assertEquals(6, preimageKeys(redis).size(), "one pre-image per kept batch (104..109 each overwrote alice); pruned ones are gone: "
                    + preimageKeys(redis));
            assertEquals(6, undoKeys(redis).size(), "one undo log per registered batch");
            assertEquals("20", redis.hget(prefix + "offsets", "next:" + topic + ":0"), "10 data records and 10 watermarks stored");
            assertEquals("{\"eth\":103}", redis.hget(prefix + "table:" + topic, "pruned_through"));
        }
    }

    @Test
    void withTheHashTagEveryKeyOfTheConnectorLivesInOneClusterSlot() {
        ChainStream chain = stream("eth");
        Map<String, String> config = layout("hash", "h:${token}:${holder}", RedisSinkConfig.KEY_HASH_TAG, "true");
        SinkTaskDriver driver = task(CONNECTOR, config).deliver();
        holdings(chain, 100, 100, List.of(holding("usdc", "alice", 1), holding("dai", "bob", 2)));
        holdings(chain, 101, 101, List.of(holding("usdc", "alice", 3)));
        driver.deliver().commit();

        try (Jedis redis = redis()) {
            List<String> keys = RedisProbe.scan(redis, "*");
            assertTrue(keys.contains("{" + CONNECTOR + "}h:usdc:alice"), keys.toString());
            assertFalse(preimageKeys(redis).isEmpty(), "a pre-image exists (101 overwrote alice)");
            Set<Integer> slots = new HashSet<>();
            keys.forEach(key -> slots.add(JedisClusterCRC16.getSlot(key)));
            assertEquals(Set.of(JedisClusterCRC16.getSlot(CONNECTOR)), slots, "every key " + keys + " hashes by {"
                    + CONNECTOR + "}, so each unit's MULTI/EXEC and scripts stay in one slot");
        }
    }

    @Test
    void aKeyHoldingAnotherTypeRejectsTheRowAndTheUnitWritesNothing() {
        try (Jedis redis = redis()) {
            redis.set("holders:dai", "not a set");
        }
        ChainStream chain = stream("eth");
        holdings(chain, 100, 100, List.of(holding("usdc", "alice", 1), holding("dai", "bob", 2)));
        SinkTaskDriver driver = task(CONNECTOR, layout("set", "holders:${token}", RedisSinkConfig.MEMBER_TEMPLATE,
                "${holder}", "buffer.flush.rows", "1000"));

        driver.deliver();
        driver.commit();
        ConnectException error = assertThrows(ConnectException.class, driver::idle);
        assertTrue(error.getMessage().contains("holders:dai holds a string") && error.getMessage().contains("offset 1"),
                error.getMessage());
        try (Jedis redis = redis()) {
            assertFalse(redis.exists("holders:usdc"), "the unit's other row was not written either");
            assertNull(redis.hget("amp:{" + CONNECTOR + "}:offsets", "next:" + topic + ":0"));
        }
    }

    private static List<String> preimageKeys(Jedis redis) {
        return RedisProbe.scan(redis, "*:pre:*");
    }

    private static List<String> undoKeys(Jedis redis) {
        return RedisProbe.scan(redis, "*:undo:*");
    }
}
