package dev.ampconnect.common.sink.conformance;

import dev.ampconnect.common.arrow.ArrowIpcEncoder;
import dev.ampconnect.common.arrow.ArrowIpcSlice;
import dev.ampconnect.common.contract.ContractHeaders;
import dev.ampconnect.common.contract.ControlSchemas;
import dev.ampconnect.common.contract.Invalidation;
import dev.ampconnect.common.contract.Watermark;
import dev.ampconnect.common.range.BatchId;
import dev.ampconnect.common.range.BlockRange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Writes one amp stream of one network into a {@link TopicLog} the way the source does: data records
 * (rows format, one Struct per row with {@code _amp_batch_id}), watermarks, invalidations, sessions. Block
 * hashes are deterministic per network and fork, so the hash chain holds unless a test breaks it.
 *
 * <p>Default rows: {@code id} ({@code network:block:index}), {@code block_num}, {@code amount}.
 */
public final class ChainStream {

    /** The value schema of the default rows. */
    public static final Schema ROW_SCHEMA = SchemaBuilder.struct().name("dev.ampconnect.stream.conformance.Value")
            .field("id", Schema.STRING_SCHEMA)
            .field("block_num", Schema.INT64_SCHEMA)
            .field("amount", Schema.INT64_SCHEMA)
            .field("_amp_batch_id", Schema.STRING_SCHEMA)
            .build();

    private final TopicLog log;
    private final String topic;
    private final int partition;
    private final String stream;
    private final String network;
    private final TreeMap<Long, String> forks = new TreeMap<>();
    private String session = "session-1";
    private ArrowIpcEncoder arrow;

    public ChainStream(TopicLog log, String topic, String stream, String network) {
        this(log, topic, 0, stream, network);
    }

    public ChainStream(TopicLog log, String topic, int partition, String stream, String network) {
        this.log = log;
        this.topic = topic;
        this.partition = partition;
        this.stream = stream;
        this.network = network;
    }

    /**
     * Writes the {@code arrow} record format from now on: data records are Arrow IPC slices of at most
     * {@code maxRecordBytes} (the server's types: {@code block_num} is UInt64, no {@code _amp_batch_id}
     * column), control values are the JSON of their Structs.
     */
    public ChainStream arrowFormat(int maxRecordBytes) {
        this.arrow = new ArrowIpcEncoder(maxRecordBytes);
        return this;
    }

    /** Continues as another source session (a restart), without a rewind. */
    public ChainStream session(String newSession) {
        this.session = newSession;
        return this;
    }

    public String session() {
        return session;
    }

    public String network() {
        return network;
    }

    /** From {@code block} on, the chain is fork {@code fork}: every hash changes. */
    public ChainStream fork(long block, String fork) {
        forks.put(block, fork);
        return this;
    }

    /** The hash of a block on the current chain. */
    public String hash(long block) {
        var entry = forks.floorEntry(block);
        String fork = entry == null ? "main" : entry.getValue();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((network + ":" + fork + ":" + block).getBytes(StandardCharsets.UTF_8));
            return "0x" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The range of blocks {@code start..end} on the current chain. */
    public BlockRange range(long start, long end) {
        return new BlockRange(network, start, end, hash(end), start == 0 ? BlockRange.ZERO_HASH : hash(start - 1));
    }

    /** A complete microbatch: {@code rowsPerBlock} rows per block, then its watermark. Returns the data records. */
    public List<SinkRecord> batch(long start, long end, int rowsPerBlock) {
        List<SinkRecord> data = rows(range(start, end), rowsPerBlock, Integer.MAX_VALUE);
        watermark(range(start, end), data.size());
        return data;
    }

    /** The first {@code count} rows of a microbatch, without its watermark (a source that died mid-batch). */
    public List<SinkRecord> partialBatch(long start, long end, int rowsPerBlock, int count) {
        return rows(range(start, end), rowsPerBlock, count);
    }

    /** Data records of {@code range} with the default rows. */
    public List<SinkRecord> rows(BlockRange range, int rowsPerBlock, int limit) {
        if (arrow != null) {
            return arrowRows(range, rowsPerBlock, limit);
        }
        String batchId = BatchId.of(range);
        List<SinkRecord> records = new ArrayList<>();
        int index = 0;
        for (long block = range.start(); block <= range.end() && index < limit; block++) {
            for (int i = 0; i < rowsPerBlock && index < limit; i++, index++) {
                Struct value = new Struct(ROW_SCHEMA)
                        .put("id", network + ":" + block + ":" + i)
                        .put("block_num", block)
                        .put("amount", block * 10 + i)
                        .put("_amp_batch_id", batchId);
                records.add(data(List.of(range), value, index));
            }
        }
        return records;
    }

    private List<SinkRecord> arrowRows(BlockRange range, int rowsPerBlock, int limit) {
        int count = (int) Math.min(limit, range.blockCount() * rowsPerBlock);
        List<SinkRecord> records = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator();
             VarCharVector ids = new VarCharVector("id", allocator);
             UInt8Vector blocks = new UInt8Vector("block_num", FieldType.notNullable(new ArrowType.Int(64, false)), allocator);
             BigIntVector amounts = new BigIntVector("amount", FieldType.notNullable(new ArrowType.Int(64, true)), allocator)) {
            int index = 0;
            for (long block = range.start(); block <= range.end() && index < count; block++) {
                for (int i = 0; i < rowsPerBlock && index < count; i++, index++) {
                    ids.setSafe(index, (network + ":" + block + ":" + i).getBytes(StandardCharsets.UTF_8));
                    blocks.setSafe(index, block);
                    amounts.setSafe(index, block * 10 + i);
                }
            }
            List<FieldVector> vectors = List.of(ids, blocks, amounts);
            vectors.forEach(v -> v.setValueCount(count));
            VectorSchemaRoot root = new VectorSchemaRoot(vectors);
            root.setRowCount(count);
            for (ArrowIpcSlice slice : arrow.encode(root)) {
                records.add(log.append(topic, partition, Schema.OPTIONAL_BYTES_SCHEMA, slice.payload(),
                        ContractHeaders.data(stream, session, BatchId.of(range), List.of(range), slice.firstRow())));
            }
        }
        return records;
    }

    /** Arrow IPC slices of {@code batch} as data records of the microbatch of {@code ranges}. */
    public List<SinkRecord> arrowData(List<BlockRange> ranges, VectorSchemaRoot batch) {
        ArrowIpcEncoder encoder = arrow == null ? new ArrowIpcEncoder(ArrowIpcEncoder.MIN_MAX_RECORD_BYTES) : arrow;
        List<SinkRecord> records = new ArrayList<>();
        for (ArrowIpcSlice slice : encoder.encode(batch)) {
            records.add(log.append(topic, partition, Schema.OPTIONAL_BYTES_SCHEMA, slice.payload(),
                    ContractHeaders.data(stream, session, BatchId.of(ranges), ranges, slice.firstRow())));
        }
        return records;
    }

    /** One data record carrying {@code value} as row {@code row} of the microbatch of {@code ranges}. */
    public SinkRecord data(List<BlockRange> ranges, Struct value, long row) {
        return log.append(topic, partition, value.schema(), value,
                ContractHeaders.data(stream, session, BatchId.of(ranges), ranges, row));
    }

    /** A watermark closing the microbatch of {@code range}. */
    public SinkRecord watermark(BlockRange range, long rows) {
        return watermark(List.of(range), rows);
    }

    public SinkRecord watermark(List<BlockRange> ranges, long rows) {
        String batchId = BatchId.of(ranges);
        Watermark watermark = new Watermark(stream, batchId, ranges, rows);
        if (arrow != null) {
            return log.append(topic, partition, Schema.OPTIONAL_BYTES_SCHEMA, ControlSchemas.toJson(watermark),
                    ContractHeaders.watermark(stream, session, batchId, ranges));
        }
        return log.append(topic, partition, ControlSchemas.WATERMARK, ControlSchemas.toStruct(watermark),
                ContractHeaders.watermark(stream, session, batchId, ranges));
    }

    /** Starts a new session with its rewind from {@code fromBlock} (what the source does at every start). */
    public SinkRecord rewind(String newSession, long fromBlock) {
        this.session = newSession;
        return invalidation(Invalidation.rewind(stream, network, fromBlock));
    }

    /** A reorg invalidation of {@code start..=end} in the current session. */
    public SinkRecord reorg(long start, long end) {
        return invalidation(Invalidation.reorg(stream, network, start, end));
    }

    private SinkRecord invalidation(Invalidation invalidation) {
        if (arrow != null) {
            return log.append(topic, partition, Schema.OPTIONAL_BYTES_SCHEMA, ControlSchemas.toJson(invalidation),
                    ContractHeaders.invalidation(stream, session));
        }
        return log.append(topic, partition, ControlSchemas.INVALIDATION, ControlSchemas.toStruct(invalidation),
                ContractHeaders.invalidation(stream, session));
    }
}
