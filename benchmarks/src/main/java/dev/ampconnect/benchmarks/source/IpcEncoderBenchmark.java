package dev.ampconnect.benchmarks.source;

import dev.ampconnect.common.arrow.ArrowIpcEncoder;
import dev.ampconnect.common.protocol.AmpBatchMetadata;
import dev.ampconnect.simulator.AmpSimulator;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

/**
 * The {@code arrow} record format's encoder alone ({@link ArrowIpcEncoder}, what the source's reader thread runs
 * for every Flight record batch): no Kafka, no worker. The record batches are the ones the source would receive:
 * the amp simulator's {@code transactions} stream (the end-to-end benchmark's query, 200 transactions per block,
 * microbatches of 1,000 blocks, the simulator's default pieces of at most 2 MiB or 8,192 rows) drained by a
 * Flight SQL client and held as received (the Flight buffers, not copies). Then rounds of encoding every held
 * batch at {@code arrow.max.record.bytes} (default 900,000), the payloads counted and dropped: warm-up rounds
 * first (JIT), then timed rounds, each reporting wall time, the thread's CPU time, the bytes it allocated on the
 * heap and the collections that ran. Not JMH: a coarse before/after figure for one code path (BENCHMARKS.md).
 *
 * <p>System properties: {@code bench.ipc.rows} (default 1,000,000), {@code bench.ipc.warmup} (rounds, 5),
 * {@code bench.ipc.rounds} (timed rounds, 7), {@code bench.ipc.max.bytes} (900,000).
 */
public final class IpcEncoderBenchmark {

    private static final String SQL = "SELECT * FROM \"edgeandnode/ethereum_mainnet@1.0.0\".transactions";
    private static final int TX_PER_BLOCK = 200;

    private IpcEncoderBenchmark() {
    }

    /** One round over every held batch. */
    record Round(long wallNanos, long cpuNanos, long allocatedBytes, long gcCount, long gcMillis, long payloads,
                 long payloadBytes, int largestPayload) {
    }

    public static void main(String[] args) throws Exception {
        long rows = Long.getLong("bench.ipc.rows", 1_000_000);
        int warmup = Integer.getInteger("bench.ipc.warmup", 5);
        int rounds = Integer.getInteger("bench.ipc.rounds", 7);
        int maxBytes = Integer.getInteger("bench.ipc.max.bytes", ArrowIpcEncoder.DEFAULT_MAX_RECORD_BYTES);
        long blocks = (rows + TX_PER_BLOCK - 1) / TX_PER_BLOCK;
        try (RootAllocator allocator = new RootAllocator();
             AmpSimulator amp = AmpSimulator.builder().network("anvil").initialHead(blocks - 1)
                     .transactionsPerBlock(TX_PER_BLOCK).maxBlocksPerMicrobatch(1000).start()) {
            List<VectorSchemaRoot> batches = receive(amp, blocks - 1, allocator);
            try {
                long heldRows = batches.stream().mapToLong(VectorSchemaRoot::getRowCount).sum();
                long heldBytes = batches.stream().flatMap(b -> b.getFieldVectors().stream())
                        .mapToLong(v -> v.getBufferSize()).sum();
                System.out.printf(Locale.ROOT, "%nIPC encoder: %,d rows in %d Flight record batches (%,.1f MB of Arrow "
                        + "buffers), arrow.max.record.bytes=%,d, %d warm-up + %d timed rounds%n",
                        heldRows, batches.size(), heldBytes / 1e6, maxBytes, warmup, rounds);
                ArrowIpcEncoder encoder = new ArrowIpcEncoder(maxBytes);
                for (int i = 0; i < warmup; i++) {
                    round(encoder, batches);
                }
                List<Round> timed = new ArrayList<>();
                for (int i = 0; i < rounds; i++) {
                    timed.add(round(encoder, batches));
                }
                report(timed, heldRows);
            } finally {
                batches.forEach(VectorSchemaRoot::close);
            }
        }
    }

    private static Round round(ArrowIpcEncoder encoder, List<VectorSchemaRoot> batches) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] gcBefore = gc();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long started = System.nanoTime();
        long[] payloads = new long[3]; // count, bytes, largest
        for (VectorSchemaRoot batch : batches) {
            encoder.encode(batch, 0, batch.getRowCount(), slice -> {
                payloads[0]++;
                payloads[1] += slice.payload().length;
                payloads[2] = Math.max(payloads[2], slice.payload().length);
            });
        }
        long wall = System.nanoTime() - started;
        long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        long[] gcAfter = gc();
        return new Round(wall, cpu, allocated, gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1], payloads[0],
                payloads[1], (int) payloads[2]);
    }

    private static void report(List<Round> rounds, long rows) {
        System.out.println("| round | wall s | rows/s | thread CPU s per 1M rows | heap allocated MB per 1M rows "
                + "| GCs (ms) | payloads | payload MB | largest payload |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        double perMillion = 1e6 / rows;
        for (int i = 0; i < rounds.size(); i++) {
            Round r = rounds.get(i);
            System.out.printf(Locale.ROOT, "| %d | %.3f | %,.0f | %.3f | %,.0f | %d (%d) | %,d | %,.1f | %,d |%n",
                    i + 1, r.wallNanos() / 1e9, rows / (r.wallNanos() / 1e9), r.cpuNanos() / 1e9 * perMillion,
                    r.allocatedBytes() / 1e6 * perMillion, r.gcCount(), r.gcMillis(), r.payloads(),
                    r.payloadBytes() / 1e6, r.largestPayload());
        }
        double wall = median(rounds.stream().mapToDouble(r -> r.wallNanos() / 1e9).toArray());
        double cpu = median(rounds.stream().mapToDouble(r -> r.cpuNanos() / 1e9).toArray());
        System.out.printf(Locale.ROOT, "median: %.3f s wall = %,.0f rows/s, %.3f CPU s per 1M rows (load average %s)%n%n",
                wall, rows / wall, cpu * perMillion,
                String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    /** Collections so far: count and milliseconds, over every collector. */
    private static long[] gc() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, bean.getCollectionCount());
            millis += Math.max(0, bean.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    /**
     * The stream's data batches up to the watermark of {@code head}, as the Flight client received them: each is
     * loaded into a root of its own that shares (retains) the received buffers.
     */
    private static List<VectorSchemaRoot> receive(AmpSimulator amp, long head, BufferAllocator allocator) throws Exception {
        List<VectorSchemaRoot> batches = new ArrayList<>();
        try (FlightClient client = FlightClient.builder(allocator, Location.forGrpcInsecure("localhost", amp.port())).build()) {
            FlightSqlClient flightSql = new FlightSqlClient(client);
            FlightCallHeaders headers = new FlightCallHeaders();
            headers.insert("amp-stream", "true");
            FlightInfo info = flightSql.execute(SQL, new HeaderCallOption(headers));
            try (FlightStream stream = flightSql.getStream(info.getEndpoints().get(0).getTicket())) {
                while (stream.next()) {
                    VectorSchemaRoot root = stream.getRoot();
                    if (root.getRowCount() > 0) {
                        VectorSchemaRoot held = VectorSchemaRoot.create(root.getSchema(), allocator);
                        try (ArrowRecordBatch received = new VectorUnloader(root).getRecordBatch()) {
                            new VectorLoader(held).load(received);
                        }
                        batches.add(held);
                    }
                    ArrowBuf metadata = stream.getLatestMetadata();
                    byte[] json = new byte[(int) metadata.readableBytes()];
                    metadata.getBytes(0, json);
                    AmpBatchMetadata meta = AmpBatchMetadata.parse(json);
                    if (meta.rangesComplete() && meta.ranges().get(0).end() >= head) {
                        break;
                    }
                }
                stream.cancel("benchmark done", null);
            }
        }
        return batches;
    }
}
