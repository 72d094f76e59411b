package dev.ampconnect.common.arrow;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Reads an {@code arrow}-format record value (Arrow IPC stream bytes with one record batch, as
 * {@link ArrowIpcEncoder} writes) back into a {@link VectorSchemaRoot}.
 */
public final class ArrowIpcDecoder {

    private ArrowIpcDecoder() {
    }

    /**
     * The record batch in {@code payload}, in memory of {@code allocator}. The caller owns the returned
     * root and must close it. A stream with only a schema yields an empty root of that schema.
     *
     * @throws ArrowConversionException when the bytes are not an Arrow IPC stream of at most one record batch
     */
    public static VectorSchemaRoot decode(byte[] payload, BufferAllocator allocator) {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(allocator, "allocator");
        try (ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(payload), allocator)) {
            VectorSchemaRoot read = reader.getVectorSchemaRoot();
            if (!reader.loadNextBatch()) {
                return VectorSchemaRoot.create(read.getSchema(), allocator);
            }
            VectorSchemaRoot owned = takeOver(read, allocator);
            try {
                if (reader.loadNextBatch()) {
                    throw new ArrowConversionException("Arrow IPC payload of " + payload.length
                            + " bytes holds more than one record batch; an arrow-format record holds exactly one");
                }
            } catch (IOException | RuntimeException e) {
                owned.close();
                throw e;
            }
            return owned;
        } catch (ArrowConversionException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // corrupt bytes surface from the IPC reader as any of several runtime exceptions
            throw new ArrowConversionException("record value of " + payload.length
                    + " bytes is not a valid Arrow IPC stream: " + e.getMessage(), e);
        }
    }

    /** Moves the reader's buffers into a root the caller owns, since the reader's root dies with the reader. */
    private static VectorSchemaRoot takeOver(VectorSchemaRoot read, BufferAllocator allocator) {
        List<FieldVector> vectors = new ArrayList<>(read.getFieldVectors().size());
        try {
            for (FieldVector vector : read.getFieldVectors()) {
                TransferPair transfer = vector.getTransferPair(allocator);
                transfer.transfer();
                vectors.add((FieldVector) transfer.getTo());
            }
        } catch (RuntimeException e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
        return new VectorSchemaRoot(read.getSchema(), vectors, read.getRowCount());
    }
}
