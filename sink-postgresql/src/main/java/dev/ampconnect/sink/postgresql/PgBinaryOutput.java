package dev.ampconnect.sink.postgresql;

import java.sql.SQLException;
import org.apache.arrow.memory.ArrowBuf;
import org.postgresql.copy.CopyIn;

/**
 * A growable byte buffer for PostgreSQL's binary COPY format, handed to the server in chunks so memory
 * stays bounded whatever the batch size.
 */
final class PgBinaryOutput {

    /** Bytes gathered before a chunk goes to the server. */
    static final int CHUNK_BYTES = 1 << 20;

    private byte[] buffer = new byte[CHUNK_BYTES + (1 << 16)];
    private int position;

    void ensure(int more) {
        if (position + more > buffer.length) {
            byte[] larger = new byte[Math.max(buffer.length * 2, position + more)];
            System.arraycopy(buffer, 0, larger, 0, position);
            buffer = larger;
        }
    }

    void int8(int value) {
        ensure(1);
        buffer[position++] = (byte) value;
    }

    void int16(int value) {
        ensure(2);
        buffer[position++] = (byte) (value >>> 8);
        buffer[position++] = (byte) value;
    }

    void int32(int value) {
        ensure(4);
        buffer[position++] = (byte) (value >>> 24);
        buffer[position++] = (byte) (value >>> 16);
        buffer[position++] = (byte) (value >>> 8);
        buffer[position++] = (byte) value;
    }

    void int64(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[position++] = (byte) (value >>> shift);
        }
    }

    void bytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, position, bytes.length);
        position += bytes.length;
    }

    /** A field of {@code length} bytes copied straight from Arrow memory. */
    void field(ArrowBuf source, long index, int length) {
        int32(length);
        ensure(length);
        source.getBytes(index, buffer, position, length);
        position += length;
    }

    /** A NULL field. */
    void nullField() {
        int32(-1);
    }

    /** Sends what was gathered once a chunk is full. */
    void flushIfFull(CopyIn copy) throws SQLException {
        if (position >= CHUNK_BYTES) {
            flush(copy);
        }
    }

    void flush(CopyIn copy) throws SQLException {
        if (position > 0) {
            copy.writeToCopy(buffer, 0, position);
            position = 0;
        }
    }
}
