package dev.ampconnect.common.arrow;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Serialises record batches to Arrow IPC stream bytes for the {@code arrow} record format, re-slicing
 * them so that no payload exceeds {@code arrow.max.record.bytes} (Kafka rejects records above the
 * broker's limit, 1 MiB by default). Each payload is a complete IPC stream (schema, one batch, end of
 * stream) so that every Kafka record decodes on its own.
 *
 * <p>Slice sizes are first estimated from the batch's buffer sizes and then verified on the real bytes:
 * a slice that comes out too large is cut further, so the limit holds exactly. A single row larger than
 * the limit fails, naming the row. Thread-safe; holds no Arrow memory between calls.
 */
public final class ArrowIpcEncoder {

    /** Default {@code arrow.max.record.bytes}: well under Kafka's default 1 MiB record limit, leaving room for headers. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 900_000;

    /** Smallest accepted maximum: below it even the schema of a wide table might not fit. */
    public static final int MIN_MAX_RECORD_BYTES = 4_096;

    /** Target fill of an estimated slice, so the estimate's small error rarely forces a second try. */
    private static final double ESTIMATE_FILL = 0.9;

    /** Room for the schema and batch metadata when sizing a payload buffer. */
    private static final int SCHEMA_ALLOWANCE = 16 * 1024;

    private final int maxRecordBytes;

    /** An encoder whose payloads never exceed {@code maxRecordBytes}. */
    public ArrowIpcEncoder(int maxRecordBytes) {
        if (maxRecordBytes < MIN_MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("arrow.max.record.bytes must be at least " + MIN_MAX_RECORD_BYTES
                    + ", got " + maxRecordBytes);
        }
        this.maxRecordBytes = maxRecordBytes;
    }

    /** The largest payload this encoder produces, in bytes. */
    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    /** Every row of {@code batch}, as slices in row order. */
    public List<ArrowIpcSlice> encode(VectorSchemaRoot batch) {
        return encode(batch, 0, batch.getRowCount());
    }

    /** Rows {@code fromRow} (inclusive) to {@code toRow} (exclusive) of {@code batch}, as slices in row order. */
    public List<ArrowIpcSlice> encode(VectorSchemaRoot batch, int fromRow, int toRow) {
        List<ArrowIpcSlice> slices = new ArrayList<>();
        encode(batch, fromRow, toRow, slices::add);
        return slices;
    }

    /**
     * Rows {@code fromRow} (inclusive) to {@code toRow} (exclusive) of {@code batch}, handed to {@code sink}
     * slice by slice in row order, so a caller can emit records without holding every payload at once.
     * The slices cover the rows exactly: each starts where the previous one ended. No rows, no slices.
     *
     * @throws ArrowConversionException when a single row alone exceeds the maximum
     */
    public void encode(VectorSchemaRoot batch, int fromRow, int toRow, Consumer<ArrowIpcSlice> sink) {
        Objects.requireNonNull(sink, "sink");
        Objects.checkFromToIndex(fromRow, toRow, batch.getRowCount());
        if (fromRow == toRow) {
            return;
        }
        double bytesPerRow = bytesPerRow(batch);
        int estimatedRows = (int) Math.max(1, Math.min(batch.getRowCount(), maxRecordBytes * ESTIMATE_FILL / bytesPerRow));
        int row = fromRow;
        while (row < toRow) {
            int rows = Math.min(estimatedRows, toRow - row);
            while (true) {
                int expectedBytes = (int) Math.min(maxRecordBytes, rows * bytesPerRow + SCHEMA_ALLOWANCE);
                byte[] payload = serialise(batch, row, rows, expectedBytes);
                if (payload.length <= maxRecordBytes) {
                    sink.accept(new ArrowIpcSlice(row, rows, payload));
                    row += rows;
                    break;
                }
                if (rows == 1) {
                    throw new ArrowConversionException("row " + row + " of the record batch alone is " + payload.length
                            + " bytes of Arrow IPC, above arrow.max.record.bytes=" + maxRecordBytes
                            + "; raise arrow.max.record.bytes (and the topic's max.message.bytes) or use record.format=rows");
                }
                // proportional cut, always making progress towards a single row
                long fitting = (long) (rows * ((double) maxRecordBytes / payload.length) * ESTIMATE_FILL);
                rows = (int) Math.max(1, Math.min(rows - 1, fitting));
            }
        }
    }

    /**
     * Serialises the whole of {@code batch} as one Arrow IPC stream, whatever its size (e.g. for tests or
     * for stores that take IPC directly).
     */
    public static byte[] serialise(VectorSchemaRoot batch) {
        return write(batch, 64 * 1024);
    }

    /** Average buffer bytes per row: close to, and slightly below, what a row adds to an IPC payload. */
    private static double bytesPerRow(VectorSchemaRoot batch) {
        long bytes = 0;
        for (FieldVector vector : batch.getFieldVectors()) {
            bytes += vector.getBufferSize();
        }
        return Math.max(1.0, (double) bytes / Math.max(1, batch.getRowCount()));
    }

    private static byte[] serialise(VectorSchemaRoot batch, int fromRow, int rows, int expectedBytes) {
        if (fromRow == 0 && rows == batch.getRowCount()) {
            return write(batch, expectedBytes);
        }
        try (VectorSchemaRoot slice = slice(batch, fromRow, rows)) {
            return write(slice, expectedBytes);
        }
    }

    /**
     * Rows {@code fromRow..fromRow+rows} under the batch's own schema. {@code VectorSchemaRoot.slice} would
     * derive the schema from the transferred vectors, which rename list elements to {@code $data$} and make
     * FixedSizeBinary nullable, so a decoded slice would no longer match the stream's schema.
     */
    private static VectorSchemaRoot slice(VectorSchemaRoot batch, int fromRow, int rows) {
        List<FieldVector> sliced = new ArrayList<>(batch.getFieldVectors().size());
        try {
            for (FieldVector vector : batch.getFieldVectors()) {
                TransferPair transfer = vector.getTransferPair(vector.getAllocator());
                transfer.splitAndTransfer(fromRow, rows);
                sliced.add((FieldVector) transfer.getTo());
            }
        } catch (RuntimeException e) {
            sliced.forEach(FieldVector::close);
            throw e;
        }
        return new VectorSchemaRoot(batch.getSchema(), sliced, rows);
    }

    /** @param expectedBytes initial buffer size, so a full slice is not copied through repeated growth */
    private static byte[] write(VectorSchemaRoot root, int expectedBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(expectedBytes);
        try (ArrowStreamWriter writer = new ArrowStreamWriter(
                root, new DictionaryProvider.MapDictionaryProvider(), Channels.newChannel(out))) {
            writer.start();
            writer.writeBatch();
            writer.end();
        } catch (IOException e) {
            // only the in-memory stream is written to, so this means a broken Arrow writer
            throw new UncheckedIOException("cannot serialise a record batch to Arrow IPC", e);
        }
        return out.toByteArray();
    }
}
