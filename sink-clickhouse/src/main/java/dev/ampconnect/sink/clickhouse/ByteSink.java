package dev.ampconnect.sink.clickhouse;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.arrow.memory.ArrowBuf;

/**
 * A growable little-endian byte buffer that the RowBinary encoder writes rows into and drains to the HTTP
 * request body whenever it holds more than {@link #FLUSH_BYTES}, so a batch of any size is streamed with a
 * bounded buffer.
 */
final class ByteSink {

    static final int FLUSH_BYTES = 1 << 20;

    private byte[] bytes = new byte[FLUSH_BYTES + (FLUSH_BYTES >> 2)];
    private int size;

    void int8(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
    }

    void int16(int value) {
        ensure(2);
        bytes[size++] = (byte) value;
        bytes[size++] = (byte) (value >>> 8);
    }

    void int32(int value) {
        ensure(4);
        bytes[size++] = (byte) value;
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) (value >>> 16);
        bytes[size++] = (byte) (value >>> 24);
    }

    void int64(long value) {
        ensure(8);
        for (int shift = 0; shift < 64; shift += 8) {
            bytes[size++] = (byte) (value >>> shift);
        }
    }

    /** {@code width} bytes of the two's complement of a value whose low 64 bits are {@code low}. */
    void extend(long low, int width, boolean negative) {
        int64(low);
        ensure(width - 8);
        byte fill = negative ? (byte) -1 : 0;
        for (int i = 8; i < width; i++) {
            bytes[size++] = fill;
        }
    }

    /** ClickHouse's unsigned LEB128 length prefix. */
    void varint(long value) {
        ensure(10);
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        bytes[size++] = (byte) rest;
    }

    void bytes(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
    }

    /** Copies {@code length} bytes of an Arrow buffer straight into this sink. */
    void bytes(ArrowBuf source, long index, int length) {
        ensure(length);
        source.getBytes(index, bytes, size, length);
        size += length;
    }

    int size() {
        return size;
    }

    /** Writes what is buffered to {@code out} if it is more than {@link #FLUSH_BYTES}. */
    void drainIfFull(OutputStream out) throws IOException {
        if (size >= FLUSH_BYTES) {
            drain(out);
        }
    }

    void drain(OutputStream out) throws IOException {
        out.write(bytes, 0, size);
        size = 0;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            byte[] grown = new byte[Math.max(bytes.length * 2, size + more)];
            System.arraycopy(bytes, 0, grown, 0, size);
            bytes = grown;
        }
    }
}
