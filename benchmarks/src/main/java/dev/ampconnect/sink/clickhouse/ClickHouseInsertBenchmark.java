package dev.ampconnect.sink.clickhouse;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.packaging.bench.ClickHouseHttpCalls;
import dev.ampconnect.testsupport.clickhouse.ClickHouseDatabase;
import dev.ampconnect.testsupport.clickhouse.ClickHouseServers;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The insert format decision for sink-clickhouse (README "Insert format"): the same 1M transactions-like rows
 * (block_num UInt64, tx_index UInt32, tx_hash FixedString(32), from/to FixedString(20), value Decimal(38,0),
 * gas UInt64, timestamp DateTime64(9,'UTC'), plus _amp_batch_id and _amp_batch_seq) inserted through the
 * sink's own path (client-v2, one INSERT, dedup token) as RowBinary and as ArrowStream, each next to its
 * ceiling (the same bytes, pre-encoded, POSTed by java.net.http straight to the engine), plus the Java-side
 * encode time alone; then a lightweight DELETE of the last 100 blocks of a table of {@code deleteRows} rows.
 * Runs against the test ClickHouse (chdb front end here, AMP_TEST_CLICKHOUSE_URL elsewhere).
 *
 * <p>In the sink's package (split across jars on the class path) because the store's classes are
 * package-private until the store exists.
 */
public final class ClickHouseInsertBenchmark {

    private static final int RUNS = 3;
    private static final int TX_PER_BLOCK = 100;
    private static final int ROWS_PER_MICROBATCH = 10_000;

    private ClickHouseInsertBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        long deleteRows = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
        // "sink": only the RowBinary ceiling and the sink task alone, the quick loop for work on the sink's write path
        boolean sinkOnly = args.length > 2 && args[2].equals("sink");
        try (ClickHouseDatabase db = ClickHouseServers.shared().createDatabase("insert_benchmark");
             BufferAllocator allocator = new RootAllocator();
             ChClient client = ChClient.connect(db.url(), db.user(), db.password(), db.name());
             ColumnarBatch batch = Transactions.batch(allocator, 0, rows, TX_PER_BLOCK, ROWS_PER_MICROBATCH, 1)) {
            System.out.println("engine: " + db.server().origin());
            ChTableCatalog catalog = new ChTableCatalog(client, ChTableLayout.defaults(), true, true);
            ChTable table = catalog.ensure("txs", batch);
            ChInserter inserter = new ChInserter(client);
            List<String> lines = new ArrayList<>();
            lines.add("| path | rows | best s | rows/s | MB/s (body) |");
            lines.add("|---|---|---|---|---|");
            double[] rowBinaryCeiling = {0, 0};
            for (String format : sinkOnly ? List.of("RowBinary") : List.of("RowBinary", "ArrowStream")) {
                EncodedBatch encoded = format.equals("RowBinary") ? RowBinaryBatch.of(table, batch) : new ArrowStreamBatch(batch);
                byte[] body = encode(encoded);
                double encodeSeconds = best(() -> encoded.writeTo(OutputStream.nullOutputStream()));
                lines.add(row(format + ": encode only (Java)", rows, encodeSeconds, body.length));
                int[] run = {0};
                double sinkSeconds = best(() -> {
                    db.execute("TRUNCATE TABLE txs");
                    long written = inserter.insert("txs", encoded, rows, format + "-" + run[0]++);
                    check(written == rows, "written rows " + written);
                });
                check(db.count("txs") == rows, "rows in txs after " + format);
                lines.add(row(format + ": sink insert (client-v2, one INSERT)", rows, sinkSeconds, body.length));
                double ceilingSeconds = best(() -> {
                    db.execute("TRUNCATE TABLE txs");
                    post(db, encoded.columns(), format, body);
                });
                check(db.count("txs") == rows, "rows in txs after the " + format + " ceiling");
                lines.add(row(format + ": ceiling (java.net.http POST of the same bytes)", rows, ceilingSeconds, body.length));
                if (format.equals("RowBinary")) {
                    rowBinaryCeiling[0] = ceilingSeconds;
                    rowBinaryCeiling[1] = body.length;
                }
            }
            db.execute("DROP TABLE txs SYNC");
            lines.addAll(sinkTask(db, client, rows, allocator, rowBinaryCeiling[0], (int) rowBinaryCeiling[1]));
            if (!sinkOnly) {
                lines.addAll(deleteLastBlocks(db, client, deleteRows));
            }
            System.out.println(String.join("\n", lines));
        }
    }

    /**
     * The sink task alone ({@link SinkTaskRun}: arrow-format records, no Kafka) with the default flush settings
     * (50,000-row units) and with 250,000-row units, each next to the RowBinary ceiling of the same rows in one POST
     * and in one POST per unit (the engine makes a part of every insert: many small inserts cost it more).
     */
    private static List<String> sinkTask(ClickHouseDatabase db, ChClient client, int rows, BufferAllocator allocator,
                                         double ceiling, int bodyBytes) throws Exception {
        SinkTaskRun run = new SinkTaskRun("tx", rows, TX_PER_BLOCK, ROWS_PER_MICROBATCH, allocator);
        List<String> lines = new ArrayList<>();
        List<String> requestLines = new ArrayList<>(List.of("", "| sink task's HTTP requests (best run) | units | requests"
                + " per unit | of which small (not the data INSERTs) | ms per unit in small requests | ms per unit in data"
                + " INSERTs | by kind (count x mean ms) |", "|---|---|---|---|---|---|---|"));
        int attempt = 0;
        for (int unitRows : List.of(50_000, 250_000)) {
            Map<String, String> settings = unitRows == 50_000 ? Map.of() : Map.of("buffer.flush.rows", Integer.toString(unitRows));
            double chunked = chunkedCeiling(db, client, rows, unitRows, allocator);
            double seconds = Double.MAX_VALUE;
            SinkTaskRun.Result best = null;
            for (int i = 0; i < RUNS; i++) {
                String table = "tx_sink_" + attempt++;
                SinkTaskRun.Result result = run.run(db, "sink-" + table, table, settings);
                System.out.println("sink task, units of " + unitRows + " rows, run " + (i + 1) + ": "
                        + String.format("%.2f s; ", result.seconds()) + result.requests());
                if (result.seconds() < seconds) {
                    seconds = result.seconds();
                    best = result;
                }
                check(db.count(table) == rows, "rows in " + table);
                db.execute("DROP TABLE " + table + " SYNC");
            }
            requestLines.add(requestsPerUnit(unitRows, best));
            String units = String.format("%,d", unitRows);
            lines.add(row("RowBinary: ceiling, one POST per " + units + " rows", rows, chunked, bodyBytes));
            lines.add(row("RowBinary: sink task alone (arrow records, no Kafka; units of " + units + " rows"
                    + (settings.isEmpty() ? ", the default" : "") + "; " + String.format("%.0f %%", 100 * ceiling / seconds)
                    + " of one POST, " + String.format("%.0f %%", 100 * chunked / seconds) + " of one POST per unit)",
                    rows, seconds, bodyBytes));
        }
        lines.addAll(requestLines);
        return lines;
    }

    /** A row of the requests table: the requests of a run per committed unit, the small ones apart. */
    private static String requestsPerUnit(int unitRows, SinkTaskRun.Result result) {
        long units = Math.max(1, result.requests().units());
        long all = 0;
        long small = 0;
        double smallMillis = 0;
        double dataMillis = 0;
        StringBuilder kinds = new StringBuilder();
        for (var entry : result.requests().kinds().entrySet()) {
            ChRequestStats.Kind kind = entry.getValue();
            all += kind.count();
            if (entry.getKey().equals("INSERT data")) {
                dataMillis += kind.nanos() / 1e6;
            } else {
                small += kind.count();
                smallMillis += kind.nanos() / 1e6;
            }
            kinds.append(kinds.isEmpty() ? "" : "; ").append(entry.getKey()).append(' ').append(kind.count())
                    .append(String.format(" x %.1f", kind.millisEach()));
        }
        return String.format("| units of %,d rows | %d | %.2f | %.2f | %.1f | %.1f | %s |", unitRows, units,
                (double) all / units, (double) small / units, smallMillis / units, dataMillis / units, kinds);
    }

    /** The best time to POST the rows as RowBinary in bodies of {@code chunkRows} rows, one after the other. */
    private static double chunkedCeiling(ClickHouseDatabase db, ChClient client, int rows, int chunkRows,
                                         BufferAllocator allocator) throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        List<String> columns = null;
        ChTableCatalog catalog = new ChTableCatalog(client, ChTableLayout.defaults(), true, true);
        for (int first = 0; first < rows; first += chunkRows) {
            int count = Math.min(chunkRows, rows - first);
            try (ColumnarBatch chunk = Transactions.batch(allocator, first, count, TX_PER_BLOCK, ROWS_PER_MICROBATCH,
                    first / ROWS_PER_MICROBATCH + 1)) {
                EncodedBatch encoded = RowBinaryBatch.of(catalog.ensure("txs", chunk), chunk);
                columns = encoded.columns();
                bodies.add(encode(encoded));
            }
        }
        List<String> names = columns;
        double seconds = best(() -> {
            db.execute("TRUNCATE TABLE txs");
            for (byte[] body : bodies) {
                post(db, names, "RowBinary", body);
            }
        });
        check(db.count("txs") == rows, "rows in txs after the chunked ceiling");
        db.execute("DROP TABLE txs SYNC");
        return seconds;
    }

    /**
     * Fills a {@code rows}-row table server-side (100 rows a block, one block a batch, the sink's layout ordered
     * by block), then deletes the last 100 blocks in each delete mode.
     */
    private static List<String> deleteLastBlocks(ClickHouseDatabase db, ChClient client, long rows) throws Exception {
        List<String> lines = new ArrayList<>(List.of("", "| delete (last 100 blocks = 10,000 rows, 100 sequences) | table rows | s |",
                "|---|---|---|"));
        long blocks = rows / TX_PER_BLOCK;
        for (ChBatchDeleter.Mode mode : ChBatchDeleter.Mode.values()) {
            String table = "big_" + mode.name().toLowerCase(java.util.Locale.ROOT);
            ChTableLayout layout = new ChTableLayout("block_num, tx_index", "", 1000, Map.of());
            db.execute("CREATE TABLE " + table + " (block_num UInt64, tx_index UInt32, tx_hash FixedString(32),"
                    + " value Decimal(38, 0), _amp_batch_id String, _amp_batch_seq UInt64, "
                    + ChTableLayout.sequenceIndexDefinition() + ")" + layout.engineClause(true));
            long started = System.nanoTime();
            db.execute("INSERT INTO " + table + " SELECT intDiv(number, 100), number % 100, unhex(hex(cityHash64(number))),"
                    + " toDecimal128(number * 1000000007, 0), toString(intDiv(number, 100)), intDiv(number, 100)"
                    + " FROM numbers(" + rows + ")", Map.of("async_insert", "0", "max_insert_threads", "2"));
            lines.add(String.format("| fill (INSERT SELECT, server-side) | %,d | %.2f |", rows, seconds(started)));
            ChBatchDeleter deleter = new ChBatchDeleter(client, mode);
            for (int round = 1; round <= 2; round++) {
                long end = blocks - (round - 1) * 100L;
                List<Long> last = LongStream.range(end - 100, end).boxed().toList();
                started = System.nanoTime();
                deleter.delete(table, last);
                double delete = seconds(started);
                check(db.count(table) == rows - round * 100L * TX_PER_BLOCK, "rows left after delete " + round);
                lines.add(String.format("| %s, delete %d | %,d | %.3f |", mode, round, rows, delete));
            }
        }
        return lines;
    }

    /** The ceiling: the bytes POSTed by a plain HTTP client ({@link ClickHouseHttpCalls#insert}) into {@code txs}. */
    private static void post(ClickHouseDatabase db, List<String> columns, String format, byte[] body) {
        new ClickHouseHttpCalls(URI.create(db.url()), db.user(), db.password(), db.name()).insert("txs", columns, format, body);
    }

    private static byte[] encode(EncodedBatch encoded) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 26);
        encoded.writeTo(out);
        return out.toByteArray();
    }

    private interface Step {
        void run() throws Exception;
    }

    private static double best(Step step) throws Exception {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < RUNS; i++) {
            long started = System.nanoTime();
            step.run();
            best = Math.min(best, seconds(started));
        }
        return best;
    }

    private static String row(String path, int rows, double seconds, int bytes) {
        return String.format("| %s | %,d | %.2f | %,.0f | %.1f |", path, rows, seconds, rows / seconds,
                bytes / seconds / 1e6);
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("benchmark check failed: " + what);
        }
    }
}
