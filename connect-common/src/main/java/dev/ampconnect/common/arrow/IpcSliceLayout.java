package dev.ampconnect.common.arrow;

import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flatbuf.Buffer;
import org.apache.arrow.flatbuf.FieldNode;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.TypeLayout;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.ipc.message.MessageSerializer;

/**
 * The Arrow IPC record batch message of a row range of a record batch, laid out straight from the batch's own
 * buffers: no slice vectors ({@code splitAndTransfer}), no Arrow allocation, no intermediate stream. The bytes
 * are those {@code VectorUnloader} + {@code MessageSerializer} would write for the same rows sliced out (the
 * pre-order field nodes with their null counts, every buffer 8-byte aligned, validity bitmaps starting at the
 * range's first row, offsets rebased to start at zero), so any Arrow reader decodes them as those rows.
 *
 * <p>Covers the layouts amp serves: fixed-width (including booleans), variable-width and large variable-width
 * binary and text, (large) lists and maps, fixed-size lists, structs and nulls. {@link #supports} says whether a
 * batch has only those; other batches (views, unions, dictionaries, extension types) are left to Arrow's own
 * writer. The size of a range is computable without writing it ({@link #bodyLength}), so a payload is sized
 * right the first time.
 */
final class IpcSliceLayout {

    /** Bytes before the metadata of an encapsulated message: the continuation marker and the length. */
    static final int PREFIX = 8;

    private final int rows;
    private final List<long[]> nodes; // {length, nullCount}, IPC pre-order
    private final List<Piece> pieces; // one per buffer, IPC order
    private final long bodyLength;
    private final ByteBuffer metadata;

    private IpcSliceLayout(int rows, List<long[]> nodes, List<Piece> pieces, long bodyLength) {
        this.rows = rows;
        this.nodes = nodes;
        this.pieces = pieces;
        this.bodyLength = bodyLength;
        this.metadata = metadata();
    }

    /** Whether every vector of {@code batch}, children included, has a layout this class writes. */
    static boolean supports(VectorSchemaRoot batch) {
        for (FieldVector vector : batch.getFieldVectors()) {
            if (!supports(vector)) {
                return false;
            }
        }
        return true;
    }

    private static boolean supports(FieldVector vector) {
        if (vector.getField().getDictionary() != null) {
            return false;
        }
        int buffers = TypeLayout.getTypeBufferCount(vector.getField().getType());
        boolean known = switch (Kind.of(vector)) {
            case NULL -> buffers == 0;
            case FIXED, BITS -> buffers == 2;
            case VARIABLE, LARGE_VARIABLE -> buffers == 3;
            case LIST, LARGE_LIST -> buffers == 2;
            case FIXED_SIZE_LIST, STRUCT -> buffers == 1;
            case OTHER -> false;
        };
        if (!known) {
            return false;
        }
        for (FieldVector child : vector.getChildrenFromFields()) {
            if (!supports(child)) {
                return false;
            }
        }
        return true;
    }

    /** Bytes of the message body of rows {@code from..from+rows} of {@code batch}; the batch must be {@link #supports supported}. */
    static long bodyLength(VectorSchemaRoot batch, int from, int rows) {
        long length = 0;
        for (FieldVector vector : batch.getFieldVectors()) {
            length += bodyLength(vector, from, rows);
        }
        return length;
    }

    /** The message of rows {@code from..from+rows} of {@code batch}; the batch must be {@link #supports supported}. */
    static IpcSliceLayout of(VectorSchemaRoot batch, int from, int rows) {
        List<long[]> nodes = new ArrayList<>();
        List<Piece> pieces = new ArrayList<>();
        for (FieldVector vector : batch.getFieldVectors()) {
            lay(vector, from, rows, nodes, pieces);
        }
        long bodyLength = 0;
        for (Piece piece : pieces) {
            bodyLength += pad(piece.size());
        }
        return new IpcSliceLayout(rows, nodes, pieces, bodyLength);
    }

    /** Bytes of the whole encapsulated message: prefix, padded metadata, body. */
    long messageLength() {
        return PREFIX + paddedMetadataLength() + bodyLength;
    }

    /** Writes the whole message into {@code out} from {@code position} (8-byte aligned), which must be zero-filled. */
    int writeTo(byte[] out, int position) {
        ByteBuffer bytes = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putInt(position, MessageSerializer.IPC_CONTINUATION_TOKEN);
        bytes.putInt(position + 4, paddedMetadataLength());
        bytes.put(position + PREFIX, metadata, metadata.position(), metadata.remaining());
        int at = position + PREFIX + paddedMetadataLength();
        for (Piece piece : pieces) {
            piece.writeTo(out, bytes, at);
            at += (int) pad(piece.size()); // the padding stays zero
        }
        return at;
    }

    /** The metadata padded so that the body starts 8-byte aligned, as {@code MessageSerializer} pads it. */
    private int paddedMetadataLength() {
        return (int) pad(PREFIX + metadata.remaining()) - PREFIX;
    }

    /** The {@code Message} flatbuffer, built as {@code ArrowRecordBatch.writeTo} and {@code MessageSerializer} build it. */
    private ByteBuffer metadata() {
        FlatBufferBuilder builder = new FlatBufferBuilder(128 + 16 * (nodes.size() + pieces.size()));
        RecordBatch.startNodesVector(builder, nodes.size());
        for (int i = nodes.size() - 1; i >= 0; i--) {
            FieldNode.createFieldNode(builder, nodes.get(i)[0], nodes.get(i)[1]);
        }
        int nodesOffset = builder.endVector();
        RecordBatch.startBuffersVector(builder, pieces.size());
        long[] offsets = new long[pieces.size()];
        long offset = 0;
        for (int i = 0; i < pieces.size(); i++) {
            offsets[i] = offset;
            offset += pad(pieces.get(i).size());
        }
        for (int i = pieces.size() - 1; i >= 0; i--) {
            Buffer.createBuffer(builder, offsets[i], pieces.get(i).size());
        }
        int buffersOffset = builder.endVector();
        RecordBatch.startRecordBatch(builder);
        RecordBatch.addLength(builder, rows);
        RecordBatch.addNodes(builder, nodesOffset);
        RecordBatch.addBuffers(builder, buffersOffset);
        int batchOffset = RecordBatch.endRecordBatch(builder);
        return MessageSerializer.serializeMessage(builder, MessageHeader.RecordBatch, batchOffset, bodyLength,
                IpcOption.DEFAULT);
    }

    // ---------------------------------------------------------------------------------------------------------

    private static long bodyLength(FieldVector vector, int from, int rows) {
        long validity = pad(bitmapBytes(rows));
        return switch (Kind.of(vector)) {
            case NULL -> 0;
            case BITS -> validity + pad(bitmapBytes(rows));
            case FIXED -> validity + pad((long) rows * ((BaseFixedWidthVector) vector).getTypeWidth());
            case VARIABLE, LARGE_VARIABLE -> {
                int width = Kind.of(vector).offsetWidth;
                ArrowBuf offsets = vector.getOffsetBuffer();
                yield validity + pad(offsetBytes(rows, width)) + pad(rows == 0 ? 0
                        : offset(offsets, from + rows, width) - offset(offsets, from, width));
            }
            case LIST, LARGE_LIST -> {
                int width = Kind.of(vector).offsetWidth;
                ArrowBuf offsets = vector.getOffsetBuffer();
                long start = rows == 0 ? 0 : offset(offsets, from, width);
                long end = rows == 0 ? 0 : offset(offsets, from + rows, width);
                yield validity + pad(offsetBytes(rows, width))
                        + bodyLength(vector.getChildrenFromFields().get(0), Math.toIntExact(start), Math.toIntExact(end - start));
            }
            case FIXED_SIZE_LIST -> {
                int size = ((FixedSizeListVector) vector).getListSize();
                yield validity + bodyLength(vector.getChildrenFromFields().get(0), from * size, rows * size);
            }
            case STRUCT -> {
                long children = 0;
                for (FieldVector child : vector.getChildrenFromFields()) {
                    children += bodyLength(child, from, rows);
                }
                yield validity + children;
            }
            case OTHER -> throw new IllegalStateException("no IPC layout for " + vector.getField());
        };
    }

    private static void lay(FieldVector vector, int from, int rows, List<long[]> nodes, List<Piece> pieces) {
        Kind kind = Kind.of(vector);
        if (kind == Kind.NULL) {
            nodes.add(new long[] {rows, rows});
            return;
        }
        ArrowBuf validity = vector.getValidityBuffer();
        nodes.add(new long[] {rows, rows - ones(validity, from, rows)});
        pieces.add(new Piece.Bits(validity, from, rows));
        switch (kind) {
            case BITS -> pieces.add(new Piece.Bits(vector.getDataBuffer(), from, rows));
            case FIXED -> {
                int width = ((BaseFixedWidthVector) vector).getTypeWidth();
                pieces.add(new Piece.Bytes(vector.getDataBuffer(), (long) from * width, (long) rows * width));
            }
            case VARIABLE, LARGE_VARIABLE -> {
                ArrowBuf offsets = vector.getOffsetBuffer();
                long start = rows == 0 ? 0 : offset(offsets, from, kind.offsetWidth);
                long end = rows == 0 ? 0 : offset(offsets, from + rows, kind.offsetWidth);
                pieces.add(new Piece.Offsets(offsets, from, rows, kind.offsetWidth, start));
                pieces.add(new Piece.Bytes(vector.getDataBuffer(), start, end - start));
            }
            case LIST, LARGE_LIST -> {
                ArrowBuf offsets = vector.getOffsetBuffer();
                long start = rows == 0 ? 0 : offset(offsets, from, kind.offsetWidth);
                long end = rows == 0 ? 0 : offset(offsets, from + rows, kind.offsetWidth);
                pieces.add(new Piece.Offsets(offsets, from, rows, kind.offsetWidth, start));
                lay(vector.getChildrenFromFields().get(0), Math.toIntExact(start), Math.toIntExact(end - start), nodes, pieces);
            }
            case FIXED_SIZE_LIST -> {
                int size = ((FixedSizeListVector) vector).getListSize();
                lay(vector.getChildrenFromFields().get(0), from * size, rows * size, nodes, pieces);
            }
            case STRUCT -> {
                for (FieldVector child : vector.getChildrenFromFields()) {
                    lay(child, from, rows, nodes, pieces);
                }
            }
            default -> throw new IllegalStateException("no IPC layout for " + vector.getField());
        }
    }

    /** Set bits among bits {@code from..from+count} of {@code bitmap}. */
    private static int ones(ArrowBuf bitmap, int from, int count) {
        int ones = 0;
        int bit = from;
        int end = from + count;
        while (bit < end && (bit & 7) != 0) {
            ones += (bitmap.getByte(bit >>> 3) >>> (bit & 7)) & 1;
            bit++;
        }
        while (bit + 64 <= end) {
            ones += Long.bitCount(bitmap.getLong(bit >>> 3));
            bit += 64;
        }
        while (bit + 8 <= end) {
            ones += Integer.bitCount(bitmap.getByte(bit >>> 3) & 0xFF);
            bit += 8;
        }
        while (bit < end) {
            ones += (bitmap.getByte(bit >>> 3) >>> (bit & 7)) & 1;
            bit++;
        }
        return ones;
    }

    private static long offset(ArrowBuf offsets, int index, int width) {
        return width == 4 ? offsets.getInt((long) index * 4) : offsets.getLong((long) index * 8);
    }

    /** Offsets of {@code rows} values: one more than the values, none at all for no values (as Arrow writes them). */
    private static long offsetBytes(int rows, int width) {
        return rows == 0 ? 0 : (long) (rows + 1) * width;
    }

    private static long bitmapBytes(long bits) {
        return (bits + 7) >>> 3;
    }

    static long pad(long bytes) {
        return (bytes + 7) & ~7L;
    }

    /** How a vector's buffers are laid out. */
    private enum Kind {
        NULL(0), BITS(0), FIXED(0), VARIABLE(4), LARGE_VARIABLE(8), LIST(4), LARGE_LIST(8), FIXED_SIZE_LIST(0), STRUCT(0),
        OTHER(0);

        final int offsetWidth;

        Kind(int offsetWidth) {
            this.offsetWidth = offsetWidth;
        }

        static Kind of(FieldVector vector) {
            // ListVector covers MapVector, StructVector is the nullable struct (NonNullableStructVector has no validity)
            if (vector instanceof BitVector) {
                return BITS;
            } else if (vector instanceof BaseFixedWidthVector) {
                return FIXED;
            } else if (vector instanceof BaseVariableWidthVector) {
                return VARIABLE;
            } else if (vector instanceof BaseLargeVariableWidthVector) {
                return LARGE_VARIABLE;
            } else if (vector instanceof ListVector) {
                return LIST;
            } else if (vector instanceof LargeListVector) {
                return LARGE_LIST;
            } else if (vector instanceof FixedSizeListVector) {
                return FIXED_SIZE_LIST;
            } else if (vector instanceof StructVector) {
                return STRUCT;
            } else if (vector instanceof NullVector) {
                return NULL;
            }
            return OTHER;
        }
    }

    /** One buffer of the body: where its bytes come from and how they are cut. */
    private sealed interface Piece {

        long size();

        void writeTo(byte[] out, ByteBuffer littleEndian, int position);

        /** Bytes copied as they are. */
        record Bytes(ArrowBuf source, long from, long size) implements Piece {
            @Override
            public void writeTo(byte[] out, ByteBuffer littleEndian, int position) {
                source.getBytes(from, out, position, Math.toIntExact(size));
            }
        }

        /** A bitmap from bit {@code from}: shifted to start at bit 0, the bits past {@code count} cleared. */
        record Bits(ArrowBuf source, int from, int count) implements Piece {
            @Override
            public long size() {
                return bitmapBytes(count);
            }

            @Override
            public void writeTo(byte[] out, ByteBuffer littleEndian, int position) {
                int bytes = (int) size();
                if (bytes == 0) {
                    return;
                }
                int shift = from & 7;
                long first = from >>> 3;
                source.getBytes(first, out, position, bytes);
                if (shift != 0) {
                    // shift down in place; the last byte takes its high bits from the source byte after the copy
                    int last = position + bytes - 1;
                    for (int at = position; at < last; at++) {
                        out[at] = (byte) (((out[at] & 0xFF) >>> shift) | ((out[at + 1] & 0xFF) << (8 - shift)));
                    }
                    int next = first + bytes < source.capacity() ? source.getByte(first + bytes) & 0xFF : 0;
                    out[last] = (byte) (((out[last] & 0xFF) >>> shift) | (next << (8 - shift)));
                }
                int tail = count & 7;
                if (tail != 0) {
                    out[position + bytes - 1] &= (byte) ((1 << tail) - 1);
                }
            }
        }

        /** {@code count + 1} offsets from index {@code from}, minus {@code base} so that they start at zero. */
        record Offsets(ArrowBuf source, int from, int count, int width, long base) implements Piece {
            @Override
            public long size() {
                return offsetBytes(count, width);
            }

            @Override
            public void writeTo(byte[] out, ByteBuffer littleEndian, int position) {
                int bytes = (int) size();
                if (bytes == 0) {
                    return;
                }
                source.getBytes((long) from * width, out, position, bytes);
                if (base == 0) {
                    return;
                }
                if (width == 4) {
                    int rebase = (int) base;
                    for (int at = position; at < position + bytes; at += 4) {
                        littleEndian.putInt(at, littleEndian.getInt(at) - rebase);
                    }
                } else {
                    for (int at = position; at < position + bytes; at += 8) {
                        littleEndian.putLong(at, littleEndian.getLong(at) - base);
                    }
                }
            }
        }
    }
}
