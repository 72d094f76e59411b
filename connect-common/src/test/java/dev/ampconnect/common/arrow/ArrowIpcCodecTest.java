package dev.ampconnect.common.arrow;

import static dev.ampconnect.common.arrow.ConnectValues.assertDeepEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code arrow} record format: slicing below the byte limit, row indices, round trips, and no leaked memory. */
class ArrowIpcCodecTest {

    private static final long BLOCK = 17_000_000L;

    private final RootAllocator allocator = new RootAllocator();

    @AfterEach
    void noArrowMemoryIsLeft() {
        assertEquals(0, allocator.getAllocatedMemory(), "Arrow memory still allocated");
        allocator.close();
    }

    static java.util.stream.Stream<Dataset> datasets() {
        return Dataset.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("datasets")
    void aSmallBatchIsOnePayloadThatDecodesToTheSameRows(Dataset dataset) {
        try (VectorSchemaRoot root = ArrowBatchBuilder.build(allocator, dataset.arrow(), dataset.rows())) {
            List<ArrowIpcSlice> slices = new ArrowIpcEncoder(ArrowIpcEncoder.DEFAULT_MAX_RECORD_BYTES).encode(root);

            assertEquals(1, slices.size());
            assertEquals(0, slices.get(0).firstRow());
            assertEquals(root.getRowCount(), slices.get(0).rowCount());
            assertSameRows(dataset.arrow(), root, slices);
        }
    }

    @Test
    void slicesStayUnderTheLimitAndCoverEveryRowInOrder() {
        int maxBytes = 100_000;
        try (VectorSchemaRoot root = ArrowBatchBuilder.build(allocator, EvmDatasets.TRANSACTIONS,
                EvmDatasets.transactions(BLOCK, 2_000, 300))) {
            long wholeBatch = ArrowIpcEncoder.serialise(root).length;
            assertTrue(wholeBatch > 10L * maxBytes, "the batch must need many slices, is " + wholeBatch);

            List<ArrowIpcSlice> slices = new ArrowIpcEncoder(maxBytes).encode(root);

            assertContiguous(slices, 0, 2_000);
            for (ArrowIpcSlice slice : slices) {
                assertTrue(slice.payload().length <= maxBytes, "payload of " + slice.payload().length + " bytes");
            }
            // the estimate keeps slices reasonably full: not many more than the minimum needed
            assertTrue(slices.size() <= 2 * (wholeBatch / maxBytes + 1), slices.size() + " slices for " + wholeBatch + " bytes");
            assertSameRows(EvmDatasets.TRANSACTIONS, root, slices);
        }
    }

    @Test
    void rowsOfVeryDifferentSizesStillRespectTheLimit() {
        int maxBytes = 50_000;
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // every 25th transaction carries a 30 kB calldata, the rest 10 bytes
            rows.addAll(EvmDatasets.transactions(BLOCK, 1, i % 25 == 7 ? 30_000 : 10));
        }
        try (VectorSchemaRoot root = ArrowBatchBuilder.build(allocator, EvmDatasets.TRANSACTIONS, rows)) {
            List<ArrowIpcSlice> slices = new ArrowIpcEncoder(maxBytes).encode(root);

            assertContiguous(slices, 0, 300);
            slices.forEach(s -> assertTrue(s.payload().length <= maxBytes, s.payload().length + " bytes"));
            assertSameRows(EvmDatasets.TRANSACTIONS, root, slices);
        }
    }

    @Test
    void aRowRangeIsEncodedStartingAtItsFirstRow() {
        try (VectorSchemaRoot root = ArrowBatchBuilder.build(allocator, EvmDatasets.LOGS, EvmDatasets.logs(BLOCK, 500))) {
            List<ArrowIpcSlice> slices = new ArrowIpcEncoder(ArrowIpcEncoder.MIN_MAX_RECORD_BYTES).encode(root, 120, 380);

            assertTrue(slices.size() > 1);
            assertContiguous(slices, 120, 380);
            assertSameRows(EvmDatasets.LOGS, root, slices);
            assertEquals(List.of(), new ArrowIpcEncoder(ArrowIpcEncoder.DEFAULT_MAX_RECORD_BYTES).encode(root, 7, 7));
            assertThrows(IndexOutOfBoundsException.class,
                    () -> new ArrowIpcEncoder(ArrowIpcEncoder.DEFAULT_MAX_RECORD_BYTES).encode(root, 400, 501));
        }
    }

    @Test
    void aSingleRowAboveTheLimitFailsNamingTheRow() {
        List<Object[]> rows = new ArrayList<>(EvmDatasets.transactions(BLOCK, 3, 10));
        rows.addAll(EvmDatasets.transactions(BLOCK, 1, 20_000));
        try (VectorSchemaRoot root = ArrowBatchBuilder.build(allocator, EvmDatasets.TRANSACTIONS, rows)) {
            ArrowIpcEncoder encoder = new ArrowIpcEncoder(10_000);
            List<ArrowIpcSlice> emitted = new ArrayList<>();

            ArrowConversionException e = assertThrows(ArrowConversionException.class,
                    () -> encoder.encode(root, 0, 4, emitted::add));

            assertTrue(e.getMessage().contains("row 3 "), e.getMessage());
            assertTrue(e.getMessage().contains("arrow.max.record.bytes=10000"), e.getMessage());
            assertContiguous(emitted, 0, 3);
        }
    }

    @Test
    void encodingHoldsNoArrowMemoryBeyondTheBatch() {
        try (VectorSchemaRoot root = ArrowBatchBuilder.build(allocator, EvmDatasets.BLOCKS, EvmDatasets.blocks(BLOCK, 400))) {
            long before = allocator.getAllocatedMemory();
            List<ArrowIpcSlice> slices = new ArrowIpcEncoder(ArrowIpcEncoder.MIN_MAX_RECORD_BYTES * 4).encode(root);
            assertTrue(slices.size() > 1);
            assertEquals(before, allocator.getAllocatedMemory());
        }
    }

    @Test
    void aDecodedBatchIsOwnedByTheCallersAllocatorAndFreedOnClose() {
        byte[] payload;
        try (VectorSchemaRoot root = ArrowBatchBuilder.build(allocator, EvmDatasets.LOGS, EvmDatasets.logs(BLOCK, 5))) {
            payload = ArrowIpcEncoder.serialise(root);
        }
        try (BufferAllocator child = allocator.newChildAllocator("decode", 0, Long.MAX_VALUE)) {
            VectorSchemaRoot decoded = ArrowIpcDecoder.decode(payload, child);
            assertEquals(5, decoded.getRowCount());
            assertTrue(child.getAllocatedMemory() > 0);
            decoded.close();
            assertEquals(0, child.getAllocatedMemory());
        }
    }

    @Test
    void aStreamWithOnlyASchemaDecodesToAnEmptyBatch() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (VectorSchemaRoot root = VectorSchemaRoot.create(EvmDatasets.LOGS, allocator);
             ArrowStreamWriter writer = new ArrowStreamWriter(root, new DictionaryProvider.MapDictionaryProvider(), Channels.newChannel(out))) {
            writer.start();
            writer.end();
        }
        try (VectorSchemaRoot decoded = ArrowIpcDecoder.decode(out.toByteArray(), allocator)) {
            assertEquals(0, decoded.getRowCount());
            assertEquals(EvmDatasets.LOGS, decoded.getSchema());
        }
    }

    @Test
    void aPayloadWithTwoRecordBatchesIsRejectedWithoutLeaking() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (VectorSchemaRoot root = ArrowBatchBuilder.build(allocator, EvmDatasets.LOGS, EvmDatasets.logs(BLOCK, 2));
             ArrowStreamWriter writer = new ArrowStreamWriter(root, new DictionaryProvider.MapDictionaryProvider(), Channels.newChannel(out))) {
            writer.start();
            writer.writeBatch();
            writer.writeBatch();
            writer.end();
        }
        ArrowConversionException e = assertThrows(ArrowConversionException.class,
                () -> ArrowIpcDecoder.decode(out.toByteArray(), allocator));
        assertTrue(e.getMessage().contains("more than one record batch"), e.getMessage());
    }

    @Test
    void bytesThatAreNotArrowIpcFailClearlyWithoutLeaking() {
        byte[] valid;
        try (VectorSchemaRoot root = ArrowBatchBuilder.build(allocator, EvmDatasets.LOGS, EvmDatasets.logs(BLOCK, 3))) {
            valid = ArrowIpcEncoder.serialise(root);
        }
        for (byte[] bad : List.of("{\"stream\":\"blocks\"}".getBytes(), Arrays.copyOf(valid, valid.length / 2), new byte[0])) {
            ArrowConversionException e = assertThrows(ArrowConversionException.class, () -> ArrowIpcDecoder.decode(bad, allocator));
            assertTrue(e.getMessage().contains(bad.length + " bytes"), e.getMessage());
        }
    }

    @Test
    void aLimitBelowTheMinimumIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ArrowIpcEncoder(1_000));
        assertTrue(e.getMessage().contains("arrow.max.record.bytes"), e.getMessage());
    }

    private static void assertContiguous(List<ArrowIpcSlice> slices, int from, int to) {
        int next = from;
        for (ArrowIpcSlice slice : slices) {
            assertEquals(next, slice.firstRow(), "slice starts where the previous ended");
            assertTrue(slice.rowCount() > 0);
            next += slice.rowCount();
        }
        assertEquals(to, next, "slices cover every row");
    }

    /** Every decoded slice reads back as exactly the original rows it claims to hold. */
    private void assertSameRows(org.apache.arrow.vector.types.pojo.Schema arrow, VectorSchemaRoot original, List<ArrowIpcSlice> slices) {
        Schema value = new ArrowSchemaMapper(ArrowConversionOptions.DEFAULTS).streamValueSchema(arrow, "ipc");
        ArrowRowReader reader = new ArrowRowReader(arrow, value);
        ArrowRowReader.Rows expected = reader.bind(original, "batch");
        for (ArrowIpcSlice slice : slices) {
            try (VectorSchemaRoot decoded = ArrowIpcDecoder.decode(slice.payload(), allocator)) {
                assertEquals(slice.rowCount(), decoded.getRowCount());
                assertEquals(arrow, decoded.getSchema(), "a decoded slice keeps the batch's schema exactly");
                List<Struct> rows = reader.bind(decoded, "batch").rows();
                for (int i = 0; i < rows.size(); i++) {
                    assertDeepEquals(expected.row(slice.firstRow() + i), rows.get(i), "row " + (slice.firstRow() + i));
                }
            }
        }
    }
}
