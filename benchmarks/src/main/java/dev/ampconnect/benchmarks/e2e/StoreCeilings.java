package dev.ampconnect.benchmarks.e2e;

import dev.ampconnect.packaging.bench.RedisTarget;
import dev.ampconnect.testsupport.postgres.PostgresDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * The stores' own bulk loads of the rows a sink just wrote (read back untimed first), the ceilings the sinks are
 * compared with in the same run: PostgreSQL {@code psql \copy … FROM … (FORMAT binary)} into a table of the same
 * definition and indexes; Redis pipelined {@code HSET} of the same keys, fields and values.
 */
final class StoreCeilings {

    private static final int REDIS_CHUNK = 50_000;
    private static final int REDIS_SYNC_EVERY = 1_000;

    private StoreCeilings() {
    }

    /** Seconds of {@code psql \copy (FORMAT binary)} loading {@code table}'s rows into a fresh copy of it. */
    static double postgres(PostgresDatabase db, String table, Path dir) throws Exception {
        Path file = dir.resolve(table + ".pgbin");
        String copy = table + "_ceiling";
        psql(db, "\\copy \"" + table + "\" TO '" + file + "' (FORMAT binary)");
        db.execute("DROP TABLE IF EXISTS \"" + copy + "\"");
        db.execute("CREATE TABLE \"" + copy + "\" (LIKE \"" + table + "\" INCLUDING INDEXES)");
        db.execute("VACUUM");
        db.execute("CHECKPOINT");
        long started = System.nanoTime();
        psql(db, "\\copy \"" + copy + "\" FROM '" + file + "' (FORMAT binary)");
        double seconds = (System.nanoTime() - started) / 1e9;
        db.execute("DROP TABLE \"" + copy + "\"");
        Files.deleteIfExists(file);
        return seconds;
    }

    private static void psql(PostgresDatabase db, String command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", db.host(),
                "-p", Integer.toString(db.port()), "-U", db.user(), "-d", db.name(), "-c", command);
        builder.environment().put("PGPASSWORD", db.password() == null ? "" : db.password());
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("psql failed: " + output);
        }
    }

    /**
     * Seconds pipelined {@code HSET}s (synced every 1,000 commands) take to write the hashes {@code table:*} the sink
     * wrote again under another prefix: read back in chunks of 50,000 (untimed), each chunk written timed.
     */
    static double redis(RedisTarget target, String table) {
        List<String> keys = target.keys(table + ":*");
        long nanos = 0;
        try (Jedis jedis = new Jedis(target.host(), target.port(), 60_000)) {
            jedis.select(target.database());
            for (int from = 0; from < keys.size(); from += REDIS_CHUNK) {
                List<String> chunk = keys.subList(from, Math.min(keys.size(), from + REDIS_CHUNK));
                Map<String, Map<String, String>> hashes = read(jedis, chunk);
                long started = System.nanoTime();
                Pipeline pipeline = jedis.pipelined();
                int pending = 0;
                for (Map.Entry<String, Map<String, String>> hash : hashes.entrySet()) {
                    pipeline.hset("ceiling:" + hash.getKey(), hash.getValue());
                    if (++pending == REDIS_SYNC_EVERY) {
                        pipeline.sync();
                        pending = 0;
                    }
                }
                pipeline.sync();
                nanos += System.nanoTime() - started;
            }
        }
        List<String> written = target.keys("ceiling:" + table + ":*");
        try (Jedis jedis = new Jedis(target.host(), target.port(), 60_000)) {
            jedis.select(target.database());
            for (int from = 0; from < written.size(); from += REDIS_CHUNK) {
                jedis.unlink(written.subList(from, Math.min(written.size(), from + REDIS_CHUNK)).toArray(String[]::new));
            }
        }
        return nanos / 1e9;
    }

    private static Map<String, Map<String, String>> read(Jedis jedis, List<String> keys) {
        Pipeline pipeline = jedis.pipelined();
        Map<String, Response<Map<String, String>>> replies = new HashMap<>();
        for (String key : keys) {
            replies.put(key, pipeline.hgetAll(key));
        }
        pipeline.sync();
        Map<String, Map<String, String>> hashes = new HashMap<>();
        replies.forEach((key, reply) -> hashes.put(key, reply.get()));
        return hashes;
    }

    /** The median of {@code values}. */
    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.get(sorted.size() / 2);
    }
}
