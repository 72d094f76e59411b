package dev.ampconnect.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampNanoTZVector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * Reads a received batch back into plain Java values, the same types {@code TableRow} holds, and
 * normalises both sides (byte arrays to hex) so rows compare with {@code equals}.
 */
final class ArrowValues {

    private static final HexFormat HEX = HexFormat.of();

    private ArrowValues() {
    }

    /** Every row of {@code root}, normalised. */
    static List<Map<String, Object>> rows(VectorSchemaRoot root) {
        List<Map<String, Object>> rows = new ArrayList<>(root.getRowCount());
        for (int i = 0; i < root.getRowCount(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (FieldVector vector : root.getFieldVectors()) {
                row.put(vector.getName(), normalise(read(vector, i)));
            }
            rows.add(row);
        }
        return rows;
    }

    /** Normalises a plain Java value: byte[] becomes hex text, recursively through lists and maps. */
    static Object normalise(Object value) {
        if (value instanceof byte[] bytes) {
            return "0x" + HEX.formatHex(bytes);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ArrowValues::normalise).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> normalised = new LinkedHashMap<>();
            map.forEach((k, v) -> normalised.put(k.toString(), normalise(v)));
            return normalised;
        }
        return value;
    }

    static Map<String, Object> normalise(Map<String, Object> row) {
        @SuppressWarnings("unchecked")
        Map<String, Object> normalised = (Map<String, Object>) normalise((Object) row);
        return normalised;
    }

    private static Object read(ValueVector vector, int index) {
        if (vector.isNull(index)) {
            return null;
        }
        if (vector instanceof UInt8Vector v) {
            return v.getObjectNoOverflow(index);
        }
        if (vector instanceof UInt4Vector v) {
            return v.getObjectNoOverflow(index);
        }
        if (vector instanceof IntVector v) {
            return v.get(index);
        }
        if (vector instanceof BitVector v) {
            return v.get(index) == 1;
        }
        if (vector instanceof TimeStampNanoTZVector v) {
            return Instant.ofEpochSecond(0, v.get(index));
        }
        if (vector instanceof FixedSizeBinaryVector v) {
            return v.get(index);
        }
        if (vector instanceof VarBinaryVector v) {
            return v.get(index);
        }
        if (vector instanceof VarCharVector v) {
            return v.getObject(index).toString();
        }
        if (vector instanceof DecimalVector v) {
            return v.getObject(index);
        }
        if (vector instanceof Decimal256Vector v) {
            return v.getObject(index);
        }
        if (vector instanceof ListVector v) {
            List<Object> list = new ArrayList<>();
            for (int i = v.getElementStartIndex(index); i < v.getElementEndIndex(index); i++) {
                list.add(read(v.getDataVector(), i));
            }
            return list;
        }
        if (vector instanceof StructVector v) {
            Map<String, Object> struct = new LinkedHashMap<>();
            for (FieldVector child : v.getChildrenFromFields()) {
                struct.put(child.getName(), read(child, index));
            }
            return struct;
        }
        throw new AssertionError("test reader has no case for " + vector.getField());
    }
}
