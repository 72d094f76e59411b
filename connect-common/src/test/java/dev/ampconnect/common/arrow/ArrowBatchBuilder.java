package dev.ampconnect.common.arrow;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthViewVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Builds record batches from rows of plain Java values, written with Arrow's own setters so the tests of
 * the reader do not depend on the code under test. Values are raw Arrow values: integers as any Number
 * (UInt64 as a BigInteger or its two's-complement long), timestamps/times as longs in their unit, dates
 * as days (Date32) or millis (Date64), strings as String, binaries as byte[], decimals as BigDecimal of
 * the column's scale, lists as List, structs as Map by field name, maps as Map, null as null. Public for
 * the tests of stores' encoders, which read the source's own Arrow types.
 */
public final class ArrowBatchBuilder {

    private ArrowBatchBuilder() {
    }

    /** A new root in {@code allocator}; the caller closes it. */
    public static VectorSchemaRoot build(BufferAllocator allocator, Schema schema, List<Object[]> rows) {
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        try {
            root.allocateNew();
            List<FieldVector> vectors = root.getFieldVectors();
            for (int r = 0; r < rows.size(); r++) {
                Object[] row = rows.get(r);
                for (int c = 0; c < vectors.size(); c++) {
                    set(vectors.get(c), r, row[c]);
                }
            }
            root.setRowCount(rows.size());
            return root;
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    public static VectorSchemaRoot build(BufferAllocator allocator, Schema schema, Object[]... rows) {
        return build(allocator, schema, List.of(rows));
    }

    @SuppressWarnings("unchecked")
    static void set(ValueVector vector, int i, Object value) {
        if (vector instanceof NullVector) {
            return;
        }
        if (value == null) {
            setNull(vector, i);
            return;
        }
        if (vector instanceof BitVector v) {
            v.setSafe(i, (Boolean) value ? 1 : 0);
        } else if (vector instanceof TinyIntVector v) {
            v.setSafe(i, ((Number) value).byteValue());
        } else if (vector instanceof SmallIntVector v) {
            v.setSafe(i, ((Number) value).shortValue());
        } else if (vector instanceof IntVector v) {
            v.setSafe(i, ((Number) value).intValue());
        } else if (vector instanceof BigIntVector v) {
            v.setSafe(i, ((Number) value).longValue());
        } else if (vector instanceof UInt1Vector v) {
            v.setSafe(i, ((Number) value).intValue());
        } else if (vector instanceof UInt2Vector v) {
            v.setSafe(i, ((Number) value).intValue());
        } else if (vector instanceof UInt4Vector v) {
            v.setSafe(i, (int) ((Number) value).longValue());
        } else if (vector instanceof UInt8Vector v) {
            v.setSafe(i, value instanceof BigInteger big ? big.longValue() : ((Number) value).longValue());
        } else if (vector instanceof Float2Vector v) {
            v.setSafeWithPossibleTruncate(i, ((Number) value).floatValue());
        } else if (vector instanceof Float4Vector v) {
            v.setSafe(i, ((Number) value).floatValue());
        } else if (vector instanceof Float8Vector v) {
            v.setSafe(i, ((Number) value).doubleValue());
        } else if (vector instanceof FixedSizeBinaryVector v) {
            v.setSafe(i, (byte[]) value);
        } else if (vector instanceof DecimalVector v) {
            v.setSafe(i, (BigDecimal) value);
        } else if (vector instanceof Decimal256Vector v) {
            v.setSafe(i, (BigDecimal) value);
        } else if (vector instanceof TimeStampVector v) {
            v.setSafe(i, ((Number) value).longValue());
        } else if (vector instanceof DateDayVector v) {
            v.setSafe(i, ((Number) value).intValue());
        } else if (vector instanceof DateMilliVector v) {
            v.setSafe(i, ((Number) value).longValue());
        } else if (vector instanceof TimeSecVector v) {
            v.setSafe(i, ((Number) value).intValue());
        } else if (vector instanceof TimeMilliVector v) {
            v.setSafe(i, ((Number) value).intValue());
        } else if (vector instanceof TimeMicroVector v) {
            v.setSafe(i, ((Number) value).longValue());
        } else if (vector instanceof TimeNanoVector v) {
            v.setSafe(i, ((Number) value).longValue());
        } else if (vector instanceof BaseVariableWidthVector v) {
            v.setSafe(i, bytes(value));
        } else if (vector instanceof BaseLargeVariableWidthVector v) {
            v.setSafe(i, bytes(value));
        } else if (vector instanceof BaseVariableWidthViewVector v) {
            v.setSafe(i, bytes(value));
        } else if (vector instanceof MapVector v) {
            Map<Object, Object> map = (Map<Object, Object>) value;
            StructVector entries = (StructVector) v.getDataVector();
            int start = v.startNewValue(i);
            int e = start;
            for (Map.Entry<Object, Object> entry : map.entrySet()) {
                entries.setIndexDefined(e);
                set(entries.getChildrenFromFields().get(0), e, entry.getKey());
                set(entries.getChildrenFromFields().get(1), e, entry.getValue());
                e++;
            }
            v.endValue(i, map.size());
        } else if (vector instanceof ListVector v) {
            List<Object> list = (List<Object>) value;
            int start = v.startNewValue(i);
            for (int e = 0; e < list.size(); e++) {
                set(v.getDataVector(), start + e, list.get(e));
            }
            v.endValue(i, list.size());
        } else if (vector instanceof LargeListVector v) {
            List<Object> list = (List<Object>) value;
            long start = v.startNewValue(i);
            for (int e = 0; e < list.size(); e++) {
                set(v.getDataVector(), (int) start + e, list.get(e));
            }
            v.endValue(i, list.size());
        } else if (vector instanceof FixedSizeListVector v) {
            List<Object> list = (List<Object>) value;
            if (list.size() != v.getListSize()) {
                throw new IllegalArgumentException("fixed-size list of " + v.getListSize() + " got " + list.size());
            }
            int start = v.startNewValue(i);
            for (int e = 0; e < list.size(); e++) {
                set(v.getDataVector(), start + e, list.get(e));
            }
        } else if (vector instanceof StructVector v) {
            Map<String, Object> struct = (Map<String, Object>) value;
            v.setIndexDefined(i);
            for (FieldVector child : v.getChildrenFromFields()) {
                set(child, i, struct.get(child.getName()));
            }
        } else {
            throw new IllegalArgumentException("no setter for " + vector.getClass().getSimpleName());
        }
    }

    private static byte[] bytes(Object value) {
        return value instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : (byte[]) value;
    }

    private static void setNull(ValueVector vector, int i) {
        if (vector instanceof BaseFixedWidthVector v) {
            v.setNull(i);
        } else if (vector instanceof BaseVariableWidthVector v) {
            v.setNull(i);
        } else if (vector instanceof BaseLargeVariableWidthVector v) {
            v.setNull(i);
        } else if (vector instanceof BaseVariableWidthViewVector v) {
            v.setNull(i);
        } else if (vector instanceof ListVector v) {
            v.setNull(i);
        } else if (vector instanceof LargeListVector v) {
            v.setNull(i);
        } else if (vector instanceof FixedSizeListVector v) {
            v.setNull(i);
        } else if (vector instanceof StructVector v) {
            v.setNull(i);
        } else {
            throw new IllegalArgumentException("no null setter for " + vector.getClass().getSimpleName());
        }
    }
}
