package dev.ampconnect.common.arrow;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.Objects;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageMetadataResult;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads an {@code arrow}-format record value (Arrow IPC stream bytes with one record batch, as
 * {@link ArrowIpcEncoder} writes) back into a {@link VectorSchemaRoot}.
 *
 * <p>The root is built from the stream's schema and loaded directly, rather than transferred out of an
 * {@code ArrowStreamReader}: a transfer would rename list elements and drop FixedSizeBinary
 * nullability in the vectors' fields. The framing is checked first, so corrupt bytes fail as one bad
 * record instead of an out-of-memory error.
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
        IpcFraming.requireWellFramed(payload);
        try (ReadChannel in = new ReadChannel(Channels.newChannel(new ByteArrayInputStream(payload)))) {
            Schema schema = MessageSerializer.deserializeSchema(in);
            VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
            try {
                load(in, root, allocator, payload.length);
                return root;
            } catch (IOException | RuntimeException e) {
                root.close();
                throw e;
            }
        } catch (ArrowConversionException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // corrupt bytes surface from Arrow's deserialiser as any of several exceptions
            throw new ArrowConversionException("record value of " + payload.length
                    + " bytes is not a valid Arrow IPC stream: " + e, e);
        }
    }

    private static void load(ReadChannel in, VectorSchemaRoot root, BufferAllocator allocator, int payloadLength)
            throws IOException {
        MessageMetadataResult message = MessageSerializer.readMessage(in);
        if (message == null) {
            return; // a schema and no batch: an empty root
        }
        if (message.headerType() != MessageHeader.RecordBatch) {
            throw new ArrowConversionException("Arrow IPC payload of " + payloadLength + " bytes holds a "
                    + MessageHeader.name(message.headerType()) + " message where a RecordBatch was expected"
                    + " (dictionary-encoded columns are not supported)");
        }
        ArrowBuf body = MessageSerializer.readMessageBody(in, message.getMessageBodyLength(), allocator);
        ArrowRecordBatch batch;
        try {
            batch = MessageSerializer.deserializeRecordBatch(message, body); // the batch now owns the body
        } catch (IOException | RuntimeException e) {
            body.close();
            throw e;
        }
        try (batch) {
            new VectorLoader(root).load(batch);
        }
        if (MessageSerializer.readMessage(in) != null) {
            throw new ArrowConversionException("Arrow IPC payload of " + payloadLength
                    + " bytes holds more than one record batch; an arrow-format record holds exactly one");
        }
    }
}
