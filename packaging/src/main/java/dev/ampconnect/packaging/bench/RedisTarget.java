package dev.ampconnect.packaging.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The Redis sink's store, in its default layout (one hash per row, key {@code ${table}:${row}}): progress from
 * the sink's {@code amp:{<connector>}:progress:<table>} hash, written in the same MULTI/EXEC as the rows.
 */
public final class RedisTarget implements SinkTarget, AutoCloseable {

    /** The sink connector class (as in the zip's sample config). */
    public static final String CONNECTOR_CLASS = "dev.ampconnect.sink.redis.AmpRedisSinkConnector";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SCAN_BATCH = 10_000;

    private final String host;
    private final int port;
    private final int database;
    private final Jedis jedis;

    public RedisTarget(String host, int port, int database) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.jedis = new Jedis(host, port, 10_000);
        jedis.select(database);
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Map<String, String> sinkSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("connector.class", CONNECTOR_CLASS);
        settings.put("redis.host", host);
        settings.put("redis.port", Integer.toString(port));
        settings.put("redis.database", Integer.toString(database));
        settings.put("redis.structure", "hash");
        settings.put("redis.key.template", "${table}:${row}");
        return settings;
    }

    @Override
    public synchronized OptionalLong visibleHead(String connector, String table) {
        Map<String, String> progress = jedis.hgetAll("amp:{" + connector + "}:progress:" + table);
        long head = -1;
        for (String json : progress.values()) {
            try {
                JsonNode node = JSON.readTree(json);
                head = Math.max(head, node.path("last_complete_block").asLong(-1));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("progress of " + table + " is not JSON: " + json, e);
            }
        }
        return head < 0 ? OptionalLong.empty() : OptionalLong.of(head);
    }

    @Override
    public synchronized long rows(String table) {
        return keys(table + ":*").size();
    }

    @Override
    public synchronized void drop(String connector, String table) {
        for (String pattern : List.of(table + ":*", "amp:{" + connector + "}:*")) {
            List<String> keys = keys(pattern);
            for (int i = 0; i < keys.size(); i += SCAN_BATCH) {
                jedis.unlink(keys.subList(i, Math.min(keys.size(), i + SCAN_BATCH)).toArray(String[]::new));
            }
        }
    }

    /** Every key matching {@code pattern} (SCAN). */
    public synchronized List<String> keys(String pattern) {
        List<String> keys = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        ScanParams params = new ScanParams().match(pattern).count(SCAN_BATCH);
        do {
            ScanResult<String> page = jedis.scan(cursor, params);
            keys.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return keys;
    }

    @Override
    public synchronized OptionalLong serverPid() {
        for (String line : jedis.info("server").split("\r?\n")) {
            if (line.startsWith("process_id:")) {
                return OptionalLong.of(Long.parseLong(line.substring("process_id:".length()).trim()));
            }
        }
        return OptionalLong.empty();
    }

    /** The server's version ({@code INFO server}). */
    public synchronized String serverVersion() {
        for (String line : jedis.info("server").split("\r?\n")) {
            if (line.startsWith("redis_version:")) {
                return line.substring("redis_version:".length()).trim();
            }
        }
        return "?";
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public int database() {
        return database;
    }

    @Override
    public synchronized void close() {
        jedis.close();
    }
}
