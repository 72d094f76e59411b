package dev.ampconnect.source.flightsql.it;

import dev.ampconnect.common.arrow.ArrowIpcDecoder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Reads {@code arrow}-format record values back. */
final class ArrowPayloads {

    private ArrowPayloads() {
    }

    /** {@code "<block_num>:<hash hex>"} of every row of a {@code blocks} payload. */
    static List<String> blockKeys(byte[] payload) {
        List<String> keys = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator();
             VectorSchemaRoot root = ArrowIpcDecoder.decode(payload, allocator)) {
            UInt8Vector blockNum = (UInt8Vector) root.getVector("block_num");
            FixedSizeBinaryVector hash = (FixedSizeBinaryVector) root.getVector("hash");
            for (int i = 0; i < root.getRowCount(); i++) {
                keys.add(UInt8Vector.getNoOverflow(blockNum.getDataBuffer(), i) + ":" + HexFormat.of().formatHex(hash.get(i)));
            }
        }
        return keys;
    }
}
