package dev.ampconnect.common.sink.buffer;

import java.nio.ByteBuffer;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.kafka.connect.errors.DataException;

/**
 * The slots of one variable-width vector (Utf8, Binary), written directly in its memory by the row writers, as
 * {@link FixedWidthSlots} does for fixed-width ones: room for the slot and for its bytes is made with the vector's own
 * reallocation (doubling), then the bytes, the end offset and the validity bit are written with one capacity
 * comparison each. A slot's bytes start at its start offset, so rewriting a slot (the row after a failed one)
 * overwrites it; a null slot gets zero length. The vector's last-set index is kept as Arrow's {@code setSafe} keeps
 * it, so {@code setValueCount} does not fill the written slots as holes.
 */
final class VariableWidthSlots {

    private static final int OFFSET_WIDTH = BaseVariableWidthVector.OFFSET_WIDTH;

    private final BaseVariableWidthVector vector;
    private final String path;
    private ArrowBuf offsets;
    private ArrowBuf validity;
    private ArrowBuf data;
    private long offsetAddress;
    private long validityAddress;
    private long dataAddress;
    private int capacity;
    private long dataCapacity;

    /**
     * @param vector the vector (allocated)
     * @param path   the column, for errors
     */
    VariableWidthSlots(BaseVariableWidthVector vector, String path) {
        this.vector = vector;
        this.path = path;
    }

    /** Writes {@code length} bytes of {@code bytes} from {@code from} as slot {@code index}. */
    void set(int index, byte[] bytes, int from, int length) {
        long at = reserve(index, length);
        MemoryCopy.copy(bytes, from, at, length);
    }

    /** Writes the remaining bytes of {@code bytes} (its position is not moved) as slot {@code index}. */
    void set(int index, ByteBuffer bytes) {
        MemoryCopy.copy(bytes, reserve(index, bytes.remaining()));
    }

    /** Marks slot {@code index} null, with zero length. */
    void setNull(int index) {
        int start = start(index);
        MemoryUtil.putInt(offsetAddress + (long) (index + 1) * OFFSET_WIDTH, start);
        long at = validityAddress + (index >>> 3);
        MemoryUtil.putByte(at, (byte) (MemoryUtil.getByte(at) & ~(1 << (index & 7))));
        vector.setLastSet(index);
    }

    /**
     * Makes slot {@code index} valid with {@code length} bytes (its end offset written) and returns the address its
     * bytes go to.
     */
    private long reserve(int index, int length) {
        int start = start(index);
        long end = (long) start + length;
        if (end > dataCapacity || vector.getDataBuffer() != data) {
            growData(end);
        }
        MemoryUtil.putInt(offsetAddress + (long) (index + 1) * OFFSET_WIDTH, (int) end);
        long at = validityAddress + (index >>> 3);
        MemoryUtil.putByte(at, (byte) (MemoryUtil.getByte(at) | (1 << (index & 7))));
        vector.setLastSet(index);
        return dataAddress + start;
    }

    /** The start offset of slot {@code index}, with room for the slot and every slot before it defined. */
    private int start(int index) {
        if (index >= capacity || vector.getOffsetBuffer() != offsets || vector.getValidityBuffer() != validity) {
            makeRoom(index);
        }
        if (index > vector.getLastSet() + 1) {
            // slots skipped since the last write become empty, as Arrow's setSafe leaves them
            vector.fillEmpties(index);
            refresh();
        }
        return MemoryUtil.getInt(offsetAddress + (long) index * OFFSET_WIDTH);
    }

    private void makeRoom(int index) {
        while (index >= vector.getValueCapacity()) {
            vector.reallocValidityAndOffsetBuffers();
        }
        refresh();
    }

    private void growData(long end) {
        if (end > Integer.MAX_VALUE) {
            throw new DataException("column " + path + ": more than " + Integer.MAX_VALUE
                    + " bytes of values in one batch (the Arrow column's 32-bit offsets)");
        }
        while (vector.getDataBuffer().capacity() < end) {
            vector.reallocDataBuffer();
        }
        refresh();
    }

    private void refresh() {
        offsets = vector.getOffsetBuffer();
        validity = vector.getValidityBuffer();
        data = vector.getDataBuffer();
        offsetAddress = offsets.memoryAddress();
        validityAddress = validity.memoryAddress();
        dataAddress = data.memoryAddress();
        capacity = vector.getValueCapacity();
        dataCapacity = data.capacity();
    }
}
