package dev.ampconnect.packaging.e2e;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ampconnect.packaging.cluster.Await;
import dev.ampconnect.packaging.cluster.ConditionTimeoutException;
import dev.ampconnect.simulator.AmpSimulator;
import dev.ampconnect.simulator.chain.BlockRef;
import dev.ampconnect.simulator.data.TableRow;
import dev.ampconnect.testsupport.clickhouse.ClickHouseDatabase;
import dev.ampconnect.testsupport.iceberg.IcebergCatalog;
import dev.ampconnect.testsupport.postgres.PostgresDatabase;
import dev.ampconnect.testsupport.redis.RedisServer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The end-to-end truth: compares what the sinks stored in PostgreSQL, Redis and, when the pipeline has them,
 * ClickHouse ({@link ClickHouseReader}) and Iceberg ({@link IcebergReader}) with the simulator's canonical chain, row
 * for row. A table matches when it holds exactly one row per canonical row (by the stream's key
 * columns: no duplicates, none missing, none extra, so none of an abandoned fork or past the head), every
 * selected column equals the canonical value, and every row carries an {@code _amp_batch_id}. The
 * {@code *Differences} methods list what differs (empty = equal); {@code await*} wait for equality.
 *
 * <p>Values are compared in one normal form: numbers as plain decimal text, binaries as {@code 0x} hex,
 * timestamps as ISO-8601 instants; Redis text is parsed back by the canonical value's type.
 */
public final class PipelineTruth {

    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHOWN = 8;

    private final AmpSimulator amp;
    private final PostgresDatabase postgres;
    private final RedisServer redis;
    private final ClickHouseReader clickHouse;
    private final IcebergReader iceberg;

    /**
     * @param clickHouse the ClickHouse sink's database, or {@code null} when the pipeline has none
     * @param iceberg    the Iceberg sinks' catalogs, or {@code null} when the pipeline has none
     */
    PipelineTruth(AmpSimulator amp, PostgresDatabase postgres, RedisServer redis, ClickHouseDatabase clickHouse,
                  PipelineIceberg iceberg) {
        this.amp = amp;
        this.postgres = postgres;
        this.redis = redis;
        this.clickHouse = clickHouse == null ? null : new ClickHouseReader(clickHouse);
        this.iceberg = iceberg == null ? null : new IcebergReader(iceberg);
    }

    /** {@code ${table}:${<key column>}:...}: the Redis hash key of a row, see {@link PipelineConfigs#redisSink}. */
    static String redisKeyTemplate(PipelineStream stream) {
        return "${table}:" + stream.keyColumns().stream().map(c -> "${" + c + "}").collect(Collectors.joining(":"));
    }

    /** The canonical rows of {@code stream}'s table right now. */
    public List<TableRow> canonicalRows(PipelineStream stream) {
        return amp.canonicalRows(stream.table());
    }

    /** How {@code table} of PostgreSQL differs from the canonical chain; empty when it matches exactly. */
    public List<String> postgresDifferences(PipelineStream stream) {
        return tableDifferences("PostgreSQL table " + stream.name(), stream,
                postgres.query("SELECT * FROM \"" + stream.name() + "\""));
    }

    /** How the ClickHouse table of {@code stream} differs from the canonical chain; empty when it matches exactly. */
    public List<String> clickHouseDifferences(PipelineStream stream) {
        return tableDifferences("ClickHouse table " + stream.name(), stream, clickHouse().rows(stream));
    }

    /**
     * How the Iceberg table of {@code stream} in catalog {@code kind}, as Iceberg's generic reader returns it
     * (deletes applied), differs from the canonical chain; empty when it matches exactly.
     */
    public List<String> icebergDifferences(IcebergCatalog.Kind kind, PipelineStream stream) {
        return tableDifferences("Iceberg table " + stream.name() + " (" + kind + " catalog)", stream,
                iceberg().rows(kind, stream));
    }

    /**
     * How {@code stored} (one map per row, column name to value) differs from the canonical rows of {@code stream}:
     * one row per canonical key, every selected column equal in {@link #normal normal form}, an
     * {@code _amp_batch_id} on every row.
     */
    private List<String> tableDifferences(String what, PipelineStream stream, List<Map<String, Object>> stored) {
        Map<String, Map<String, Object>> canonical = canonicalByKey(stream);
        Differences diff = new Differences(what);
        Map<String, Map<String, Object>> seen = new HashMap<>();
        for (Map<String, Object> row : stored) {
            String key = key(stream, row);
            Object batchId = row.get("_amp_batch_id");
            if (batchId == null || batchId.toString().isBlank()) {
                diff.add("row " + key + " has no _amp_batch_id");
            }
            if (seen.put(key, row) != null) {
                diff.add("duplicate row " + key);
                continue;
            }
            Map<String, Object> truth = canonical.get(key);
            if (truth == null) {
                diff.add("row " + key + " is not canonical (abandoned fork or past the head): " + normalised(stream, row));
                continue;
            }
            for (String column : stream.columns()) {
                if (!row.containsKey(column)) {
                    diff.add("no column " + column);
                    return diff.finish(stored.size(), canonical.size());
                }
                String want = normal(truth.get(column));
                String got = normal(row.get(column));
                if (!java.util.Objects.equals(want, got)) {
                    diff.add("row " + key + " column " + column + ": stored " + got + ", canonical " + want);
                }
            }
        }
        canonical.keySet().stream().filter(k -> !seen.containsKey(k)).sorted()
                .forEach(k -> diff.add("canonical row " + k + " missing"));
        return diff.finish(stored.size(), canonical.size());
    }

    /**
     * How the Redis hashes {@code <stream>:<key>} differ from the canonical chain; empty when they match
     * exactly (one hash per canonical row, no other {@code <stream>:*} key, fields equal, null columns absent).
     */
    public List<String> redisDifferences(PipelineStream stream) {
        Map<String, Map<String, Object>> canonical = canonicalByKey(stream);
        Differences diff = new Differences("Redis hashes " + stream.name() + ":*");
        try (Jedis jedis = redis.connect()) {
            Set<String> keys = scan(jedis, stream.name() + ":*");
            List<String> wanted = new ArrayList<>(canonical.keySet());
            Pipeline pipeline = jedis.pipelined();
            Map<String, Response<Map<String, String>>> replies = new LinkedHashMap<>();
            for (String key : wanted) {
                replies.put(key, pipeline.hgetAll(stream.name() + ":" + key));
            }
            pipeline.sync();
            for (String key : wanted) {
                Map<String, String> hash = replies.get(key).get();
                if (hash.isEmpty()) {
                    diff.add("canonical row " + key + " missing");
                    continue;
                }
                String batchId = hash.get("_amp_batch_id");
                if (batchId == null || batchId.isBlank()) {
                    diff.add("row " + key + " has no _amp_batch_id");
                }
                Map<String, Object> truth = canonical.get(key);
                for (String column : stream.columns()) {
                    String want = normal(truth.get(column));
                    String got = fromRedis(hash.get(column), truth.get(column));
                    if (!java.util.Objects.equals(want, got)) {
                        diff.add("row " + key + " field " + column + ": stored " + hash.get(column) + ", canonical " + want);
                    }
                }
            }
            Set<String> expected = new HashSet<>();
            wanted.forEach(k -> expected.add(stream.name() + ":" + k));
            keys.stream().filter(k -> !expected.contains(k)).sorted()
                    .forEach(k -> diff.add("key " + k + " is not canonical (abandoned fork or past the head)"));
            return diff.finish(keys.size(), canonical.size());
        }
    }

    /** Waits until PostgreSQL's table of {@code stream} equals the canonical chain; fails listing the differences. */
    public void awaitPostgresMatches(PipelineStream stream, Duration timeout) {
        awaitNoDifferences("PostgreSQL " + stream.name() + " equal to the canonical chain", timeout,
                () -> postgresDifferences(stream));
    }

    /** Waits until Redis's hashes of {@code stream} equal the canonical chain; fails listing the differences. */
    public void awaitRedisMatches(PipelineStream stream, Duration timeout) {
        awaitNoDifferences("Redis " + stream.name() + " equal to the canonical chain", timeout,
                () -> redisDifferences(stream));
    }

    /** Waits until the ClickHouse table of {@code stream} equals the canonical chain; fails listing the differences. */
    public void awaitClickHouseMatches(PipelineStream stream, Duration timeout) {
        awaitNoDifferences("ClickHouse " + stream.name() + " equal to the canonical chain", timeout,
                () -> clickHouseDifferences(stream));
    }

    /** Waits until the Iceberg table of {@code stream} in {@code kind} equals the canonical chain; fails listing the differences. */
    public void awaitIcebergMatches(IcebergCatalog.Kind kind, PipelineStream stream, Duration timeout) {
        awaitNoDifferences("Iceberg " + stream.name() + " (" + kind + " catalog) equal to the canonical chain", timeout,
                () -> icebergDifferences(kind, stream));
    }

    /**
     * Whether the PostgreSQL sink {@code connector} has stored the canonical head of {@code stream} as complete:
     * {@code amp_sink_progress} names the head block with the head's current hash (so an unprocessed reorg of
     * the head does not count).
     */
    public boolean postgresAtHead(String connector, PipelineStream stream) {
        List<Map<String, Object>> progress = postgres.query("SELECT last_complete_block, last_complete_hash FROM"
                + " amp_sink_progress WHERE connector = ? AND table_name = ?", connector, stream.name());
        if (progress.size() != 1) {
            return false;
        }
        Object block = progress.get(0).get("last_complete_block");
        Object hash = progress.get(0).get("last_complete_hash");
        return atHead(((Number) block).longValue(), String.valueOf(hash));
    }

    /** Whether the Redis sink {@code connector} has stored the canonical head of {@code stream} as complete. */
    public boolean redisAtHead(String connector, PipelineStream stream) {
        try (Jedis jedis = redis.connect()) {
            String entry = jedis.hget("amp:{" + connector + "}:progress:" + stream.name(), amp.network());
            if (entry == null) {
                return false;
            }
            JsonNode node = JSON.readTree(entry);
            return atHead(node.path("last_complete_block").asLong(-1), node.path("last_complete_hash").asText());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("malformed Redis progress entry", e);
        }
    }

    /**
     * Whether the ClickHouse sink {@code connector} has stored the canonical head of {@code stream} as complete (its
     * view {@code amp_sink_progress}).
     */
    public boolean clickHouseAtHead(String connector, PipelineStream stream) {
        return clickHouse().progress(connector, stream, amp.network())
                .filter(p -> atHead(p.getKey(), p.getValue())).isPresent();
    }

    /**
     * Whether the Iceberg sink {@code connector} has stored the canonical head of {@code stream} as complete (its
     * table property {@code amp.sink.<connector>.progress}, committed with the rows).
     */
    public boolean icebergAtHead(IcebergCatalog.Kind kind, String connector, PipelineStream stream) {
        return iceberg().progress(kind, connector, stream, amp.network())
                .filter(p -> atHead(p.getKey(), p.getValue())).isPresent();
    }

    private ClickHouseReader clickHouse() {
        if (clickHouse == null) {
            throw new IllegalStateException("this pipeline has no ClickHouse (PipelineExtension.Builder.withClickHouse)");
        }
        return clickHouse;
    }

    private IcebergReader iceberg() {
        if (iceberg == null) {
            throw new IllegalStateException("this pipeline has no Iceberg catalogs (PipelineExtension.Builder.withIceberg)");
        }
        return iceberg;
    }

    private boolean atHead(long block, String hash) {
        BlockRef head = amp.chain().block(amp.chain().head());
        return block == head.number() && stripHex(hash).equalsIgnoreCase(stripHex(head.hash().hex()));
    }

    private static String stripHex(String hash) {
        return hash.startsWith("0x") ? hash.substring(2) : hash;
    }

    private static void awaitNoDifferences(String what, Duration timeout, java.util.function.Supplier<List<String>> probe) {
        List<List<String>> last = new ArrayList<>(List.of(List.of("not checked yet")));
        try {
            Await.until(what, timeout, () -> {
                List<String> diff = probe.get();
                last.set(0, diff);
                return diff.isEmpty();
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(what + " not reached within " + timeout + ":\n  "
                    + String.join("\n  ", last.get(0)), e);
        }
    }

    private Map<String, Map<String, Object>> canonicalByKey(PipelineStream stream) {
        Map<String, Map<String, Object>> byKey = new LinkedHashMap<>();
        for (TableRow row : amp.canonicalRows(stream.table())) {
            if (byKey.put(key(stream, row.values()), row.values()) != null) {
                throw new IllegalStateException("key columns " + stream.keyColumns() + " do not identify rows of "
                        + stream.table());
            }
        }
        return byKey;
    }

    private static String key(PipelineStream stream, Map<String, Object> row) {
        return stream.keyColumns().stream().map(c -> normal(row.get(c))).collect(Collectors.joining(":"));
    }

    private static Map<String, String> normalised(PipelineStream stream, Map<String, Object> row) {
        Map<String, String> out = new LinkedHashMap<>();
        stream.columns().forEach(c -> out.put(c, normal(row.get(c))));
        return out;
    }

    /** One comparable text per value, whatever the store's Java type (JDBC) or the simulator's. */
    static String normal(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return "0x" + HEX.formatHex(bytes);
        }
        if (value instanceof BigDecimal d) {
            return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
        }
        if (value instanceof BigInteger || value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            return new BigDecimal(value.toString()).toPlainString();
        }
        if (value instanceof Instant i) {
            return i.toString();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant().toString();
        }
        if (value instanceof OffsetDateTime t) {
            return t.toInstant().toString();
        }
        return value.toString();
    }

    /** Redis text parsed back by the type of the canonical value, then normalised (null: the field is absent). */
    private static String fromRedis(String text, Object canonical) {
        if (text == null || canonical == null) {
            return text;
        }
        try {
            if (canonical instanceof Number) {
                return normal(new BigDecimal(text));
            }
            if (canonical instanceof Instant) {
                return Instant.parse(text).toString();
            }
            if (canonical instanceof byte[]) {
                return text.toLowerCase(java.util.Locale.ROOT);
            }
        } catch (RuntimeException e) {
            return "unparseable " + text;
        }
        return text;
    }

    private static Set<String> scan(Jedis jedis, String pattern) {
        Set<String> keys = new HashSet<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        ScanParams params = new ScanParams().match(pattern).count(1000);
        do {
            ScanResult<String> page = jedis.scan(cursor, params);
            keys.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        return keys;
    }

    /** Collects differences, keeping the first few in full and counting the rest. */
    private static final class Differences {
        private final String what;
        private final List<String> shown = new ArrayList<>();
        private int total;

        Differences(String what) {
            this.what = what;
        }

        void add(String difference) {
            total++;
            if (shown.size() < SHOWN) {
                shown.add(difference);
            }
        }

        List<String> finish(int storedRows, int canonicalRows) {
            if (total == 0) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            out.add(what + ": " + total + " difference(s); stored " + storedRows + " rows, canonical " + canonicalRows);
            out.addAll(shown);
            if (total > shown.size()) {
                out.add("... and " + (total - shown.size()) + " more");
            }
            return out;
        }
    }
}
