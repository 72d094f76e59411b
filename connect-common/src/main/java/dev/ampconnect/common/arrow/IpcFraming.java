package dev.ampconnect.common.arrow;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.arrow.vector.ipc.message.MessageMetadataResult;

/**
 * Checks the message framing of an Arrow IPC stream held in memory before Arrow's reader sees it. The
 * reader allocates a heap buffer of whatever metadata length the bytes claim, so a corrupt or foreign
 * record value (e.g. JSON, whose first four bytes read as ~2 GB) would otherwise end in an
 * {@code OutOfMemoryError} of the whole worker instead of a clear error about one record.
 */
final class IpcFraming {

    private static final int CONTINUATION = -1;

    private IpcFraming() {
    }

    /** Fails unless every message's metadata and body lie inside {@code payload}. */
    static void requireWellFramed(byte[] payload) {
        ByteBuffer bytes = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        int position = 0;
        while (position < payload.length) {
            int length = readInt(bytes, position, payload.length);
            position += 4;
            if (length == CONTINUATION) {
                length = readInt(bytes, position, payload.length);
                position += 4;
            }
            if (length == 0) {
                return; // end-of-stream marker
            }
            if (length < 0 || length > payload.length - position) {
                throw malformed(payload, "a message claims " + length + " bytes of metadata at offset " + position);
            }
            long body = bodyLength(bytes, position, length, payload);
            position += length;
            if (body < 0 || body > payload.length - position) {
                throw malformed(payload, "a message claims a body of " + body + " bytes at offset " + position);
            }
            position += (int) body;
        }
    }

    private static long bodyLength(ByteBuffer bytes, int position, int length, byte[] payload) {
        try {
            ByteBuffer metadata = bytes.duplicate().position(position).limit(position + length).slice();
            return MessageMetadataResult.create(metadata, length).getMessageBodyLength();
        } catch (RuntimeException e) {
            throw malformed(payload, "unreadable message metadata at offset " + position);
        }
    }

    private static int readInt(ByteBuffer bytes, int position, int limit) {
        if (position + 4 > limit) {
            throw malformed(bytes.array(), "truncated message length at offset " + position);
        }
        return bytes.getInt(position);
    }

    private static ArrowConversionException malformed(byte[] payload, String detail) {
        return new ArrowConversionException("record value of " + payload.length
                + " bytes is not a valid Arrow IPC stream: " + detail);
    }
}
