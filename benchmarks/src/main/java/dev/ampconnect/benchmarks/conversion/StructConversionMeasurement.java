package dev.ampconnect.benchmarks.conversion;

import dev.ampconnect.benchmarks.postgresql.AmpRecords;
import dev.ampconnect.benchmarks.postgresql.TransactionsDataset;
import dev.ampconnect.common.contract.AmpHeaders;
import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.buffer.BufferedRecord;
import dev.ampconnect.common.sink.buffer.ConvertedRows;
import dev.ampconnect.common.sink.buffer.RecordFormat;
import dev.ampconnect.common.sink.buffer.RowsColumnarBuilder;
import dev.ampconnect.common.sink.buffer.Segment;
import dev.ampconnect.common.sink.buffer.TableBuffer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The sink base's {@code rows}-format conversion alone (Connect Structs -> Arrow vectors, BENCHMARKS.md "Iceberg
 * sink"), without a store: 1M {@code transactions}-like Structs (the PostgreSQL and Iceberg benchmarks' dataset),
 * held in memory before the clock starts, converted in units of 500,000 rows (the Iceberg sample's
 * {@code buffer.flush.rows}). Two inputs:
 * <ul>
 *   <li>{@code direct}: the Structs the source's Arrow reader builds (what the sink-task benchmarks feed);</li>
 *   <li>{@code json}: the same Structs after a JsonConverter round trip with schemas (what a worker hands a sink:
 *       decimals rebuilt from bytes, binary as byte arrays).</li>
 * </ul>
 * Two paths per input: {@code converter}, {@link ConvertedRows#append} alone (vectors starting at 4,096 rows and
 * growing, as a converting segment's do); {@code buffer}, what {@code put()} and the cut run: {@link TableBuffer#add}
 * of each record (the converting segment, its origin-only record), the flush policy's size check after every record,
 * and {@link RowsColumnarBuilder#build} of the full unit. Each round times every path once; the report gives the
 * best and the median of the thread's CPU time and of the wall time over the rounds after the warm-up.
 *
 * <p>Arguments: rows (1,000,000), rounds (7), warm-up rounds (3), inputs ({@code direct,json}). Written to
 * {@code benchmarks/target/conversion-measurement.md} too.
 */
public final class StructConversionMeasurement {

    private static final int TX_PER_BLOCK = 100;
    private static final int BLOCKS_PER_BATCH = 100;
    private static final int UNIT_ROWS = 500_000;
    private static final long UNIT_BYTES = 128L << 20;
    private static final int SEGMENT_INITIAL_ROWS = 4096;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final List<String> report = new ArrayList<>();

    /** One input: the Structs with their batch ids, and the records the buffer path adds. */
    private record Input(String name, Schema schema, List<Struct> values, List<String> batchIds, List<BufferedRecord> records) {
    }

    /** One timed path over one input. */
    @FunctionalInterface
    private interface TimedPath {
        long run(Input input, BufferAllocator allocator);
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<String> inputs = List.of((args.length > 3 ? args[3] : "direct,json").split(","));
        new StructConversionMeasurement().run(rows, rounds, warmup, inputs);
    }

    private void run(int rows, int rounds, int warmup, List<String> inputNames) throws Exception {
        line(String.format(Locale.ROOT, "Struct -> Arrow conversion, %,d transactions-like rows, units of %,d rows; %d rounds"
                + " after %d warm-up; load average at start: %s", rows, UNIT_ROWS, rounds, warmup, loadAverage()));
        line("");
        try (BufferAllocator allocator = new RootAllocator()) {
            List<Input> inputs = new ArrayList<>();
            for (String name : inputNames) {
                inputs.add(input(name.trim(), rows, allocator));
            }
            System.gc();
            Map<String, TimedPath> paths = new java.util.LinkedHashMap<>();
            paths.put("converter", this::convertOnly);
            paths.put("buffer", this::throughBuffer);
            int total = warmup + rounds;
            // [input][path][round] -> {cpu ns, wall ns}
            long[][][][] times = new long[inputs.size()][paths.size()][rounds][];
            for (int round = 0; round < total; round++) {
                for (int i = 0; i < inputs.size(); i++) {
                    int p = 0;
                    for (Map.Entry<String, TimedPath> path : paths.entrySet()) {
                        long cpu0 = threads.getCurrentThreadCpuTime();
                        long wall0 = System.nanoTime();
                        long converted = path.getValue().run(inputs.get(i), allocator);
                        long wall = System.nanoTime() - wall0;
                        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
                        if (converted != rows) {
                            throw new IllegalStateException(path.getKey() + " converted " + converted + " of " + rows + " rows");
                        }
                        System.out.printf(Locale.ROOT, "  round %d %s %s: cpu %.3f s, wall %.3f s%n", round,
                                inputs.get(i).name(), path.getKey(), cpu / 1e9, wall / 1e9);
                        if (round >= warmup) {
                            times[i][p][round - warmup] = new long[] {cpu, wall};
                        }
                        p++;
                    }
                }
            }
            line("| input | path | CPU s best | CPU s median | wall s best | wall s median | rows/s (best CPU) |");
            line("|---|---|---|---|---|---|---|");
            for (int i = 0; i < inputs.size(); i++) {
                int p = 0;
                for (String path : paths.keySet()) {
                    long[] cpu = column(times[i][p], 0);
                    long[] wall = column(times[i][p], 1);
                    line(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.3f | %.3f | %,.0f |", inputs.get(i).name(),
                            path, cpu[0] / 1e9, cpu[cpu.length / 2] / 1e9, wall[0] / 1e9, wall[wall.length / 2] / 1e9,
                            rows / (cpu[0] / 1e9)));
                    p++;
                }
            }
        }
        line("");
        line("Load average at the end: " + loadAverage());
        java.nio.file.Path out = java.nio.file.Path.of("target", "conversion-measurement.md");
        Files.createDirectories(out.getParent());
        Files.write(out, report, StandardCharsets.UTF_8);
    }

    private static long[] column(long[][] rows, int index) {
        long[] values = new long[rows.length];
        for (int r = 0; r < rows.length; r++) {
            values[r] = rows[r][index];
        }
        Arrays.sort(values);
        return values;
    }

    /** ConvertedRows alone, in units of {@link #UNIT_ROWS}; returns the rows converted. */
    private long convertOnly(Input input, BufferAllocator allocator) {
        long converted = 0;
        ConvertedRows unit = null;
        try {
            for (int row = 0; row < input.values().size(); row++) {
                if (unit == null) {
                    unit = new ConvertedRows(input.schema(), true, allocator, SEGMENT_INITIAL_ROWS);
                }
                unit.append(input.values().get(row), input.batchIds().get(row));
                if (unit.rows() >= UNIT_ROWS) {
                    converted += handOver(unit);
                    unit = null;
                }
            }
            if (unit != null) {
                converted += handOver(unit);
                unit = null;
            }
        } finally {
            if (unit != null) {
                unit.close();
            }
        }
        return converted;
    }

    private static int handOver(ConvertedRows unit) {
        try (VectorSchemaRoot root = unit.finish()) {
            return root.getRowCount();
        }
    }

    /** The records through a converting table buffer, cut into batches when the flush policy says it is full. */
    private long throughBuffer(Input input, BufferAllocator allocator) {
        TableBuffer buffer = new TableBuffer("transactions", allocator);
        long converted = 0;
        try {
            for (BufferedRecord record : input.records()) {
                buffer.add(RecordFormat.ROWS, true, input.schema(), record);
                if (buffer.rows() >= UNIT_ROWS || buffer.bytes() >= UNIT_BYTES) {
                    converted += cut(buffer, allocator);
                }
            }
            converted += cut(buffer, allocator);
        } finally {
            buffer.clear();
        }
        return converted;
    }

    private static long cut(TableBuffer buffer, BufferAllocator allocator) {
        long rows = 0;
        for (Segment segment : buffer.segments()) {
            ColumnarBatch batch = RowsColumnarBuilder.build(segment, allocator, (record, error) -> {
                throw error;
            });
            if (batch != null) {
                rows += batch.rowCount();
                batch.close();
            }
        }
        buffer.clear();
        return rows;
    }

    // ---- input ----------------------------------------------------------------------------------------------------

    private Input input(String name, int rows, BufferAllocator allocator) {
        long started = System.nanoTime();
        List<Struct> values = new ArrayList<>(rows);
        List<String> batchIds = new ArrayList<>(rows);
        Schema[] schema = new Schema[1];
        AmpRecords encoder = new AmpRecords("transactions", "s1", RecordFormat.ROWS, new TransactionsDataset(TX_PER_BLOCK), allocator);
        JsonConverter json = null;
        if (name.equals("json")) {
            json = new JsonConverter();
            json.configure(Map.of("schemas.enable", "true", "decimal.format", "BASE64"), false);
        } else if (!name.equals("direct")) {
            throw new IllegalArgumentException("unknown input " + name + " (direct, json)");
        }
        JsonConverter converter = json;
        for (long start = 0; values.size() < rows; start += BLOCKS_PER_BATCH) {
            encoder.microbatch(start, start + BLOCKS_PER_BATCH - 1, record -> {
                if (record.rows() != 1 || values.size() >= rows) {
                    return;
                }
                Struct value = (Struct) record.value();
                if (converter != null) {
                    byte[] bytes = converter.fromConnectData("transactions", record.valueSchema(), value);
                    SchemaAndValue back = converter.toConnectData("transactions", bytes);
                    value = (Struct) back.value();
                }
                if (schema[0] == null) {
                    schema[0] = value.schema();
                }
                values.add(value);
                batchIds.add(String.valueOf(record.headers().lastWithName(AmpHeaders.BATCH_ID).value()));
            });
        }
        List<BufferedRecord> records = new ArrayList<>(rows);
        for (int row = 0; row < rows; row++) {
            Struct value = values.get(row);
            SinkRecord record = new SinkRecord("transactions", 0, null, null, value.schema(), value, row,
                    0L, TimestampType.CREATE_TIME);
            records.add(new BufferedRecord(record, row / (TX_PER_BLOCK * BLOCKS_PER_BATCH), batchIds.get(row), 1, 0));
        }
        System.out.printf(Locale.ROOT, "input %s: %,d Structs in %.1f s%n", name, rows, (System.nanoTime() - started) / 1e9);
        return new Input(name, schema[0], values, batchIds, records);
    }

    private void line(String text) {
        System.out.println(text);
        report.add(text);
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " / " + parts[1] + " / " + parts[2] + " (1/5/15 min)";
        } catch (Exception e) {
            return "unknown";
        }
    }
}
