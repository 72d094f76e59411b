package dev.ampconnect.common.sink.buffer;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseFixedWidthVector;

/**
 * The slots of one fixed-width vector, written directly in its memory by the row writers: {@link #claim} makes room
 * when a slot lies beyond the capacity (the vector's own {@code reAlloc}, which doubles it), marks the slot valid and
 * returns where its value goes. Arrow's {@code setSafe} does the same with a capacity computation and bounds-checked
 * buffer accesses (each reading the buffer's reference count) per value; here one comparison guards each write.
 *
 * <p>The buffers' addresses are taken again whenever the vector holds other buffers than the ones last seen (it was
 * reallocated or filled by other code, e.g. a copy into it), so a write never lands in released memory.
 */
final class FixedWidthSlots {

    private final BaseFixedWidthVector vector;
    private final int width;
    private ArrowBuf values;
    private ArrowBuf validity;
    private long valueAddress;
    private long validityAddress;
    private int capacity;

    /**
     * @param vector the vector (allocated)
     * @param width  bytes per value
     */
    FixedWidthSlots(BaseFixedWidthVector vector, int width) {
        this.vector = vector;
        this.width = width;
    }

    /** Marks slot {@code index} valid (making room for it) and returns the address of its value's {@code width} bytes. */
    long claim(int index) {
        ensure(index);
        long at = validityAddress + (index >>> 3);
        MemoryUtil.putByte(at, (byte) (MemoryUtil.getByte(at) | (1 << (index & 7))));
        return valueAddress + (long) index * width;
    }

    /** Marks slot {@code index} null (making room for it); its value bytes are left as they are, as Arrow does. */
    void setNull(int index) {
        ensure(index);
        long at = validityAddress + (index >>> 3);
        MemoryUtil.putByte(at, (byte) (MemoryUtil.getByte(at) & ~(1 << (index & 7))));
    }

    /** The vector's value buffer as of the last {@link #claim} (for writers that need Arrow's own buffer methods). */
    ArrowBuf valueBuffer() {
        return values;
    }

    private void ensure(int index) {
        if (index >= capacity || vector.getDataBuffer() != values || vector.getValidityBuffer() != validity) {
            makeRoom(index);
        }
    }

    private void makeRoom(int index) {
        while (index >= vector.getValueCapacity()) {
            vector.reAlloc();
        }
        values = vector.getDataBuffer();
        validity = vector.getValidityBuffer();
        valueAddress = values.memoryAddress();
        validityAddress = validity.memoryAddress();
        capacity = vector.getValueCapacity();
    }
}
