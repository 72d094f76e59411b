package dev.ampconnect.common.arrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The encoder's own IPC layout ({@link IpcSliceLayout}) against Arrow's: for every supported layout and row ranges
 * starting anywhere in a bitmap byte, a payload is exactly as long as Arrow's stream writer makes the same rows
 * sliced out, and decodes to the same vectors (values, nulls, schema).
 */
class IpcSliceLayoutTest {

    private static final long BLOCK = 17_000_000L;

    private final RootAllocator allocator = new RootAllocator();

    @AfterEach
    void noArrowMemoryIsLeft() {
        assertEquals(0, allocator.getAllocatedMemory(), "Arrow memory still allocated");
        allocator.close();
    }

    /** Datasets of layouts the encoder writes itself, with enough rows for ranges at every bit offset. */
    static Stream<Dataset> laidOut() {
        Dataset allTypes = new Dataset("all_types", EvmDatasets.ALL_TYPES, EvmDatasets.allTypes());
        return Stream.of(
                new Dataset("blocks", EvmDatasets.BLOCKS, EvmDatasets.blocks(BLOCK, 45)),
                new Dataset("transactions", EvmDatasets.TRANSACTIONS, EvmDatasets.transactions(BLOCK, 45, 68)),
                new Dataset("logs", EvmDatasets.LOGS, EvmDatasets.logs(BLOCK, 45)),
                new Dataset("eth-mainnet.transfers", EvmDatasets.DECODED_TRANSFERS, EvmDatasets.decodedTransfers(BLOCK, 45)),
                withoutViews(allTypes, 45));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("laidOut")
    void everyRowRangeHasArrowsSizeAndDecodesToTheSameRows(Dataset dataset) {
        try (VectorSchemaRoot root = ArrowBatchBuilder.build(allocator, dataset.arrow(), dataset.rows())) {
            assertTrue(IpcSliceLayout.supports(root), "the encoder lays out " + dataset + " itself");
            ArrowIpcEncoder unlimited = new ArrowIpcEncoder(Integer.MAX_VALUE);
            int rowCount = root.getRowCount();
            for (int from = 0; from < rowCount; from += 1 + from / 8) {
                for (int rows : new int[] {1, 2, 7, 8, 9, 17, rowCount - from}) {
                    if (from + rows > rowCount) {
                        continue;
                    }
                    List<ArrowIpcSlice> slices = unlimited.encode(root, from, from + rows);
                    assertEquals(1, slices.size());
                    byte[] reference = streamWriterPayload(root, from, rows);
                    String range = dataset + " rows " + from + ".." + (from + rows);
                    assertEquals(reference.length, slices.get(0).payload().length, range + ": payload size");
                    assertSameVectors(reference, slices.get(0).payload(), range);
                }
            }
        }
    }

    @Test
    void theWholeBatchIsWrittenByteForByteAsArrowsStreamWriterWritesIt() {
        try (VectorSchemaRoot root = ArrowBatchBuilder.build(allocator, EvmDatasets.TRANSACTIONS,
                EvmDatasets.transactions(BLOCK, 64, 100))) {
            byte[] ours = new ArrowIpcEncoder(Integer.MAX_VALUE).encode(root).get(0).payload();

            assertArrayEquals(ArrowIpcEncoder.serialise(root), ours);
        }
    }

    @Test
    void eachSliceButTheLastHoldsAsManyRowsAsTheLimitAllows() {
        int maxBytes = 20_000;
        try (VectorSchemaRoot root = ArrowBatchBuilder.build(allocator, EvmDatasets.TRANSACTIONS,
                EvmDatasets.transactions(BLOCK, 300, 120))) {
            List<ArrowIpcSlice> slices = new ArrowIpcEncoder(maxBytes).encode(root);

            assertTrue(slices.size() > 3, slices.size() + " slices");
            ArrowIpcEncoder unlimited = new ArrowIpcEncoder(Integer.MAX_VALUE);
            for (ArrowIpcSlice slice : slices.subList(0, slices.size() - 1)) {
                assertTrue(slice.payload().length <= maxBytes);
                int oneMore = slice.firstRow() + slice.rowCount() + 1;
                byte[] larger = unlimited.encode(root, slice.firstRow(), oneMore).get(0).payload();
                assertTrue(larger.length > maxBytes, "slice at row " + slice.firstRow() + " of " + slice.rowCount()
                        + " rows could have held one more (" + larger.length + " bytes)");
            }
        }
    }

    @Test
    void offsetsThatDoNotStartAtZeroAreRebased() {
        // what another writer may send: a text column whose offsets start at 3 into its data, a list column at 2
        Schema schema = new Schema(List.of(
                new Field("text", FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
                new Field("list", FieldType.nullable(ArrowType.List.INSTANCE),
                        List.of(new Field("item", FieldType.notNullable(new ArrowType.Int(32, true)), null)))));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            load(root, 3, new int[] {3, 4, 4, 7}, "xyzabcd", new int[] {2, 3, 5, 5}, new int[] {9, 9, 10, 11, 12});
            assertEquals(Arrays.asList("a", null, "bcd"), Arrays.asList(value(root, "text", 0), value(root, "text", 1), value(root, "text", 2)));
            assertEquals("[[10], [11,12], []]", Arrays.asList(value(root, "list", 0), value(root, "list", 1), value(root, "list", 2)).toString());

            for (int from = 0; from < 3; from++) {
                for (int rows = 1; from + rows <= 3; rows++) {
                    byte[] ours = new ArrowIpcEncoder(Integer.MAX_VALUE).encode(root, from, from + rows).get(0).payload();
                    assertSameVectors(streamWriterPayload(root, from, rows), ours, "rows " + from + ".." + (from + rows));
                }
            }
        }
    }

    @Test
    void layoutsArrowsWriterAloneKnowsGoThroughIt() {
        Dataset allTypes = new Dataset("all_types", EvmDatasets.ALL_TYPES, EvmDatasets.allTypes());
        try (VectorSchemaRoot views = ArrowBatchBuilder.build(allocator, allTypes.arrow(), allTypes.rows());
             VectorSchemaRoot noViews = ArrowBatchBuilder.build(allocator, withoutViews(allTypes, 3).arrow(),
                     withoutViews(allTypes, 3).rows())) {
            assertFalse(IpcSliceLayout.supports(views), "Utf8View and BinaryView");
            assertTrue(IpcSliceLayout.supports(noViews));
            byte[] payload = new ArrowIpcEncoder(ArrowIpcEncoder.DEFAULT_MAX_RECORD_BYTES).encode(views).get(0).payload();
            assertSameVectors(streamWriterPayload(views, 0, views.getRowCount()), payload, "all_types");
        }
    }

    @Test
    void oneEncoderFollowsAChangeOfSchema() {
        ArrowIpcEncoder encoder = new ArrowIpcEncoder(ArrowIpcEncoder.DEFAULT_MAX_RECORD_BYTES);
        for (Dataset dataset : List.of(
                new Dataset("logs", EvmDatasets.LOGS, EvmDatasets.logs(BLOCK, 5)),
                new Dataset("blocks", EvmDatasets.BLOCKS, EvmDatasets.blocks(BLOCK, 5)),
                new Dataset("logs", EvmDatasets.LOGS, EvmDatasets.logs(BLOCK, 6)))) {
            try (VectorSchemaRoot root = ArrowBatchBuilder.build(allocator, dataset.arrow(), dataset.rows());
                 VectorSchemaRoot decoded = ArrowIpcDecoder.decode(encoder.encode(root).get(0).payload(), allocator)) {
                assertEquals(dataset.arrow(), decoded.getSchema());
                assertTrue(root.equals(decoded), dataset.toString());
            }
        }
    }

    /** What Arrow's own stream writer makes of rows {@code from..from+rows} sliced out of {@code root}. */
    private static byte[] streamWriterPayload(VectorSchemaRoot root, int from, int rows) {
        List<FieldVector> sliced = new ArrayList<>();
        for (FieldVector vector : root.getFieldVectors()) {
            TransferPair transfer = vector.getTransferPair(vector.getAllocator());
            transfer.splitAndTransfer(from, rows);
            sliced.add((FieldVector) transfer.getTo());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (VectorSchemaRoot slice = new VectorSchemaRoot(root.getSchema(), sliced, rows);
             ArrowStreamWriter writer = new ArrowStreamWriter(slice, new DictionaryProvider.MapDictionaryProvider(),
                     Channels.newChannel(out))) {
            writer.start();
            writer.writeBatch();
            writer.end();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    private void assertSameVectors(byte[] expected, byte[] actual, String what) {
        try (VectorSchemaRoot want = ArrowIpcDecoder.decode(expected, allocator);
             VectorSchemaRoot got = ArrowIpcDecoder.decode(actual, allocator)) {
            assertEquals(want.getSchema(), got.getSchema(), what + ": schema");
            assertEquals(want.getRowCount(), got.getRowCount(), what + ": rows");
            for (int i = 0; i < want.getFieldVectors().size(); i++) {
                FieldVector wanted = want.getFieldVectors().get(i);
                FieldVector gotten = got.getFieldVectors().get(i);
                assertEquals(wanted.getNullCount(), gotten.getNullCount(), what + ": nulls of " + wanted.getName());
            }
            assertTrue(want.equals(got), what + ": expected\n" + want.contentToTSVString() + "got\n" + got.contentToTSVString());
        }
    }

    /** {@code dataset} without its view columns (which only Arrow's writer lays out), its rows cycled to {@code rows}. */
    private static Dataset withoutViews(Dataset dataset, int rows) {
        List<Field> fields = dataset.arrow().getFields();
        int[] kept = IntStream.range(0, fields.size())
                .filter(i -> !(fields.get(i).getType() instanceof ArrowType.Utf8View
                        || fields.get(i).getType() instanceof ArrowType.BinaryView))
                .toArray();
        List<Object[]> cycled = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            Object[] row = dataset.rows().get(r % dataset.rows().size());
            cycled.add(IntStream.of(kept).mapToObj(i -> row[i]).toArray());
        }
        return new Dataset(dataset.stream() + " without views",
                new Schema(IntStream.of(kept).mapToObj(fields::get).toList()), cycled);
    }

    /** Loads 3 rows whose offsets start past zero: text (row 1 null) and a list of ints. */
    private void load(VectorSchemaRoot root, int textStart, int[] textOffsets, String textData, int[] listOffsets,
                      int[] items) {
        List<ArrowBuf> buffers = new ArrayList<>();
        try {
            buffers.add(bytes(new byte[] {0b101}));
            buffers.add(ints(textOffsets));
            buffers.add(bytes(textData.getBytes(StandardCharsets.UTF_8)));
            buffers.add(bytes(new byte[] {0b111}));
            buffers.add(ints(listOffsets));
            buffers.add(bytes(new byte[] {(byte) 0xFF}));
            buffers.add(ints(items));
            List<ArrowFieldNode> nodes = List.of(new ArrowFieldNode(3, 1), new ArrowFieldNode(3, 0),
                    new ArrowFieldNode(items.length, 0));
            try (ArrowRecordBatch batch = new ArrowRecordBatch(3, nodes, buffers)) {
                new VectorLoader(root).load(batch);
            }
        } finally {
            buffers.forEach(ArrowBuf::close);
        }
        assertEquals(textStart, textOffsets[0]);
    }

    private ArrowBuf bytes(byte[] bytes) {
        ArrowBuf buf = allocator.buffer(Math.max(8, bytes.length));
        buf.setBytes(0, bytes);
        buf.writerIndex(bytes.length);
        return buf;
    }

    private ArrowBuf ints(int[] values) {
        ArrowBuf buf = allocator.buffer(values.length * 4L);
        for (int i = 0; i < values.length; i++) {
            buf.setInt(i * 4L, values[i]);
        }
        buf.writerIndex(values.length * 4L);
        return buf;
    }

    private static Object value(VectorSchemaRoot root, String column, int row) {
        Object value = root.getVector(column).getObject(row);
        return value == null ? null : value.toString();
    }
}
