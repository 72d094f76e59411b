package dev.ampconnect.benchmarks.e2e;

import dev.ampconnect.benchmarks.iceberg.IcebergWriterCeiling;
import dev.ampconnect.packaging.bench.ClickHouseHttpCalls;
import dev.ampconnect.packaging.bench.ClickHouseTarget;
import dev.ampconnect.packaging.bench.RedisTarget;
import dev.ampconnect.testsupport.postgres.PostgresDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * The stores' own bulk loads of the rows a sink just wrote (read back untimed first), the ceilings the sinks are
 * compared with in the same run: PostgreSQL {@code psql \copy … FROM … (FORMAT binary)} into a table of the same
 * definition and indexes; Redis pipelined {@code HSET} of the same keys, fields and values; ClickHouse the same rows
 * as RowBinary (the sink's insert format) POSTed by a plain HTTP client into a table of the same definition, one
 * POST per sink unit; Iceberg its own generic writer appending the same rows as Parquet files plus one commit.
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

    /**
     * Seconds plain HTTP POSTs of {@code table}'s rows as RowBinary take into {@code <table>_ceiling} (created
     * {@code AS table}: same columns, engine, order and indexes), one POST of {@code unitRows} rows after the other as
     * the sink's units, each a synchronous one-block insert; the bodies are read back in the table's sort order first,
     * untimed.
     */
    static double clickHouse(ClickHouseTarget target, String table, long unitRows) {
        ClickHouseHttpCalls http = target.http();
        String copy = table + "_ceiling";
        List<String> columns = target.insertableColumns(table);
        String select = String.join(", ", columns.stream().map(ClickHouseHttpCalls::quote).toList());
        String order = http.text("SELECT sorting_key FROM system.tables WHERE database = currentDatabase() AND name = {table:String}",
                Map.of("table", table)).trim();
        long rows = target.rows(table);
        List<byte[]> bodies = new ArrayList<>();
        for (long first = 0; first < rows; first += unitRows) {
            bodies.add(http.bytes("SELECT " + select + " FROM " + ClickHouseHttpCalls.quote(table) + " ORDER BY "
                    + (order.isEmpty() ? "tuple()" : order) + " LIMIT " + unitRows + " OFFSET " + first + " FORMAT RowBinary",
                    Map.of()));
        }
        http.text("DROP TABLE IF EXISTS " + ClickHouseHttpCalls.quote(copy) + " SYNC", Map.of());
        http.text("CREATE TABLE " + ClickHouseHttpCalls.quote(copy) + " AS " + ClickHouseHttpCalls.quote(table), Map.of());
        long started = System.nanoTime();
        for (byte[] body : bodies) {
            http.insert(copy, columns, "RowBinary", body);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long written = target.rows(copy);
        http.text("DROP TABLE " + ClickHouseHttpCalls.quote(copy) + " SYNC", Map.of());
        if (written != rows) {
            throw new IllegalStateException("the ClickHouse ceiling wrote " + written + " rows of " + rows);
        }
        return seconds;
    }

    /**
     * Seconds Iceberg's generic writer takes to append {@code table}'s rows (read back first, untimed) into a new table
     * as Parquet files plus one commit ({@link IcebergWriterCeiling}); the new table is dropped after.
     */
    static double iceberg(Catalog catalog, String namespace, String table) {
        TableIdentifier copy = TableIdentifier.of(namespace, table + "_ceiling");
        catalog.dropTable(copy, true);
        double seconds = IcebergWriterCeiling.append(catalog, TableIdentifier.of(namespace, table), copy);
        catalog.dropTable(copy, true);
        return seconds;
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
