package dev.ampconnect.common.sink.buffer;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Copies of value bytes into vector memory for the row writers. Hashes and addresses (20-32 bytes) are copied in
 * 8-byte words: {@code Unsafe.copyMemory} checks its arguments on every call, which cost more than such a copy.
 * ByteBuffers are copied without an intermediate array.
 */
final class MemoryCopy {

    /** Longer copies go through {@code Unsafe.copyMemory}. */
    private static final int WORDWISE_MAX = 64;

    private MemoryCopy() {
    }

    /** Copies {@code length} bytes of {@code from} starting at {@code offset} to {@code address}. */
    static void copy(byte[] from, int offset, long address, int length) {
        Objects.checkFromIndexSize(offset, length, from.length);
        if (length > WORDWISE_MAX) {
            MemoryUtil.copyToMemory(from, offset, address, length);
            return;
        }
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            MemoryUtil.putLong(address + i, MemoryUtil.getLong(from, offset + i));
        }
        if (i + Integer.BYTES <= length) {
            MemoryUtil.putInt(address + i, MemoryUtil.getInt(from, offset + i));
            i += Integer.BYTES;
        }
        for (; i < length; i++) {
            MemoryUtil.putByte(address + i, from[offset + i]);
        }
    }

    /** Copies the remaining bytes of {@code from} (its position is not moved) to {@code address}. */
    static void copy(ByteBuffer from, long address) {
        int length = from.remaining();
        if (from.hasArray()) {
            copy(from.array(), from.arrayOffset() + from.position(), address, length);
        } else if (from.isDirect()) {
            MemoryUtil.copyMemory(MemoryUtil.getByteBufferAddress(from) + from.position(), address, length);
        } else {
            byte[] copy = new byte[length];
            from.duplicate().get(copy);
            copy(copy, 0, address, length);
        }
    }
}
