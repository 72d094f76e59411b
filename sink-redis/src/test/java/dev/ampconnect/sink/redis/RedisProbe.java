package dev.ampconnect.sink.redis;

import dev.ampconnect.common.sink.conformance.SinkProbe;
import dev.ampconnect.testsupport.redis.RedisDatabase;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkTask;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The conformance kit's view of Redis in one row-preserving structure (hash, string, stream): a table's
 * rows are the keys {@code <table>:*} (hash, string: the default and keyed templates both start with the
 * table) or the entries of stream {@code <table>} without its control entries, decoded as a reader would
 * ({@link RedisValues}). SCAN is fine here: it is the test's reader, not the sink.
 */
final class RedisProbe implements SinkProbe {

    private final Supplier<RedisDatabase> database;
    private final RedisStructure structure;

    RedisProbe(Supplier<RedisDatabase> database, RedisStructure structure) {
        this.database = database;
        this.structure = structure;
    }

    @Override
    public SinkTask newTask() {
        return new AmpRedisSinkTask();
    }

    @Override
    public Map<String, String> storeConfig() {
        return config(database.get(), structure);
    }

    /** The connection keys of {@code db} plus the structure. */
    static Map<String, String> config(RedisDatabase db, RedisStructure structure) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put(RedisSinkConfig.HOST, db.host());
        config.put(RedisSinkConfig.PORT, Integer.toString(db.port()));
        config.put(RedisSinkConfig.DATABASE, Integer.toString(db.database()));
        String userInfo = db.uri().getUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            if (colon > 0) {
                config.put(RedisSinkConfig.USER, userInfo.substring(0, colon));
            }
            config.put(RedisSinkConfig.PASSWORD, userInfo.substring(colon + 1));
        }
        config.put(RedisSinkConfig.STRUCTURE, structure.wire());
        return config;
    }

    @Override
    public long rowCount(String table) {
        return rawRows(table).size();
    }

    @Override
    public List<Map<String, Object>> rows(String table, Schema valueSchema, String orderBy) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Object raw : rawRows(table)) {
            if (raw instanceof String json) {
                rows.add(RedisValues.fromJsonRow(json, valueSchema));
            } else {
                @SuppressWarnings("unchecked")
                Map<String, String> fields = (Map<String, String>) raw;
                rows.add(RedisValues.fromFields(fields, valueSchema));
            }
        }
        rows.sort(Comparator.comparing(row -> comparable(row.get(orderBy))));
        return rows;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparable comparable(Object value) {
        return value instanceof Comparable comparable ? comparable : String.valueOf(value);
    }

    /** Hash rows as field maps, string rows as JSON text, stream rows as field maps. */
    private List<Object> rawRows(String table) {
        List<Object> rows = new ArrayList<>();
        try (Jedis jedis = database.get().connect()) {
            if (structure == RedisStructure.STREAM) {
                if (!"stream".equals(jedis.type(table))) {
                    return rows;
                }
                for (StreamEntry entry : jedis.xrange(table, (StreamEntryID) null, (StreamEntryID) null)) {
                    if (!entry.getFields().containsKey("_amp_kind")) {
                        rows.add(entry.getFields());
                    }
                }
                return rows;
            }
            for (String key : scan(jedis, table + ":*")) {
                String type = jedis.type(key);
                if (structure == RedisStructure.HASH && type.equals("hash")) {
                    rows.add(jedis.hgetAll(key));
                } else if (structure == RedisStructure.STRING && type.equals("string")) {
                    rows.add(jedis.get(key));
                }
            }
        }
        return rows;
    }

    static List<String> scan(Jedis jedis, String pattern) {
        List<String> keys = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = jedis.scan(cursor, new ScanParams().match(pattern).count(1000));
            keys.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return keys;
    }

    @Override
    public List<String> columnNames(String table) {
        List<String> names = new ArrayList<>();
        try (Jedis jedis = database.get().connect()) {
            for (String key : scan(jedis, "amp:{*}:columns:" + table)) {
                names.addAll(jedis.hkeys(key));
            }
        }
        return names;
    }

    @Override
    public void reset() {
        database.get().flush();
    }

    @Override
    public Optional<Map<String, String>> keyedModeConfig(List<String> keyFields) {
        if (structure == RedisStructure.STREAM) {
            return Optional.empty();
        }
        StringBuilder template = new StringBuilder("${table}");
        keyFields.forEach(field -> template.append(":${").append(field).append('}'));
        return Optional.of(Map.of(RedisSinkConfig.KEY_TEMPLATE, template.toString()));
    }
}
