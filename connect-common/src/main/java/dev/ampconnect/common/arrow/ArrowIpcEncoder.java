package dev.ampconnect.common.arrow;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Serialises record batches to Arrow IPC stream bytes for the {@code arrow} record format, re-slicing
 * them so that no payload exceeds {@code arrow.max.record.bytes} (Kafka rejects records above the
 * broker's limit, 1 MiB by default). Each payload is a complete IPC stream (schema, one batch, end of
 * stream) so that every Kafka record decodes on its own.
 *
 * <p>Batches of the layouts amp serves ({@code IpcSliceLayout}) are written straight from their own
 * buffers: the exact size of any row range is computed before anything is written, so each payload takes the
 * most rows that fit and is written once into a byte array of exactly its size, behind the schema message,
 * which is serialised once per schema. Other batches (views, unions, dictionaries, extension types) go through
 * Arrow's stream writer on sliced vectors: slice sizes are estimated from the batch's buffer sizes and verified
 * on the real bytes, a slice that comes out too large being cut further. Either way the limit holds exactly; a
 * single row larger than the limit fails, naming the row. Thread-safe; holds no Arrow memory between calls.
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

    /** Bytes of the end-of-stream marker: the continuation marker and a zero length. */
    private static final int END_OF_STREAM = 8;

    private final int maxRecordBytes;

    /** The schema message of the last schema encoded: a stream keeps its schema, so this is serialised once. */
    private volatile SchemaMessage schemaMessage;

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
        if (IpcSliceLayout.supports(batch)) {
            encodeLaidOut(batch, fromRow, toRow, sink);
        } else {
            encodeThroughStreamWriter(batch, fromRow, toRow, sink);
        }
    }

    /** The {@link IpcSliceLayout} path: each payload sized exactly before it is written. */
    private void encodeLaidOut(VectorSchemaRoot batch, int fromRow, int toRow, Consumer<ArrowIpcSlice> sink) {
        byte[] schema = schemaMessage(batch.getSchema());
        // the metadata's size depends on the schema only (its fields, not their values), so one row tells it
        long metadata = IpcSliceLayout.of(batch, fromRow, 1).messageLength() - IpcSliceLayout.bodyLength(batch, fromRow, 1);
        long overhead = schema.length + metadata + END_OF_STREAM;
        int row = fromRow;
        while (row < toRow) {
            int rows = fittingRows(batch, row, toRow - row, overhead);
            while (true) {
                IpcSliceLayout layout = IpcSliceLayout.of(batch, row, rows);
                long bytes = schema.length + layout.messageLength() + END_OF_STREAM;
                if (bytes <= maxRecordBytes) {
                    sink.accept(new ArrowIpcSlice(row, rows, write(schema, layout, (int) bytes)));
                    row += rows;
                    break;
                }
                if (rows == 1) {
                    throw tooLarge(row, bytes);
                }
                rows--; // the metadata came out larger than the one-row probe's: never expected, still exact
            }
        }
    }

    /** The most rows from {@code row} (at least 1, at most {@code available}) whose payload fits the maximum. */
    private int fittingRows(VectorSchemaRoot batch, int row, int available, long overhead) {
        if (overhead + IpcSliceLayout.bodyLength(batch, row, available) <= maxRecordBytes) {
            return available;
        }
        int fits = 1; // binary search; the body only grows with the rows. 1 is returned even if it does not fit,
        int tooMany = available; // and is then reported as a single row above the limit
        while (tooMany - fits > 1) {
            int middle = (fits + tooMany) >>> 1;
            if (overhead + IpcSliceLayout.bodyLength(batch, row, middle) <= maxRecordBytes) {
                fits = middle;
            } else {
                tooMany = middle;
            }
        }
        return fits;
    }

    private static byte[] write(byte[] schema, IpcSliceLayout layout, int bytes) {
        byte[] payload = new byte[bytes];
        System.arraycopy(schema, 0, payload, 0, schema.length);
        int end = layout.writeTo(payload, schema.length);
        ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).putInt(end, MessageSerializer.IPC_CONTINUATION_TOKEN);
        if (end + END_OF_STREAM != bytes) {
            throw new IllegalStateException("an Arrow IPC payload came out " + (end + END_OF_STREAM) + " bytes, sized " + bytes);
        }
        return payload; // the end-of-stream length, 0, is already there
    }

    /** The encapsulated schema message of {@code schema}, as {@code ArrowStreamWriter} starts a stream. */
    private byte[] schemaMessage(Schema schema) {
        SchemaMessage cached = schemaMessage;
        if (cached == null || !(cached.schema() == schema || cached.schema().equals(schema))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                MessageSerializer.serialize(new WriteChannel(Channels.newChannel(out)), schema, IpcOption.DEFAULT);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot serialise an Arrow schema", e);
            }
            cached = new SchemaMessage(schema, out.toByteArray());
            schemaMessage = cached;
        }
        return cached.bytes();
    }

    private record SchemaMessage(Schema schema, byte[] bytes) {
    }

    private ArrowConversionException tooLarge(int row, long bytes) {
        return new ArrowConversionException("row " + row + " of the record batch alone is " + bytes
                + " bytes of Arrow IPC, above arrow.max.record.bytes=" + maxRecordBytes
                + "; raise arrow.max.record.bytes (and the topic's max.message.bytes) or use record.format=rows");
    }

    /** Arrow's stream writer on sliced vectors, for layouts {@link IpcSliceLayout} does not write. */
    private void encodeThroughStreamWriter(VectorSchemaRoot batch, int fromRow, int toRow, Consumer<ArrowIpcSlice> sink) {
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
                    throw tooLarge(row, payload.length);
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
