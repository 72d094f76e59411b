package dev.ampconnect.simulator.data;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampNanoTZVector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * Writes plain Java values (the types listed on {@link TableGenerator}) into one Arrow vector, returning
 * the bytes each value adds to the vector's body (values and offsets), which is what pieces are sized by.
 */
interface ColumnWriter {

    /** Writes {@code value} (possibly null) at {@code index}; returns the body bytes it added. */
    long write(int index, Object value);

    /** The writer for {@code vector}, recursing into list elements and struct children. */
    static ColumnWriter forVector(FieldVector vector) {
        ColumnWriter valueWriter = valueWriter(vector);
        return (index, value) -> {
            if (value == null) {
                setNull(vector, index);
                return 0;
            }
            return valueWriter.write(index, value);
        };
    }

    private static ColumnWriter valueWriter(FieldVector vector) {
        if (vector instanceof UInt8Vector v) {
            // BigInteger.longValue keeps the low 64 bits: exactly the unsigned bit pattern
            return (i, value) -> {
                v.setSafe(i, ((Number) value).longValue());
                return 8;
            };
        }
        if (vector instanceof UInt4Vector v) {
            return (i, value) -> {
                v.setSafe(i, (int) ((Number) value).longValue());
                return 4;
            };
        }
        if (vector instanceof IntVector v) {
            return (i, value) -> {
                v.setSafe(i, ((Number) value).intValue());
                return 4;
            };
        }
        if (vector instanceof BitVector v) {
            return (i, value) -> {
                v.setSafe(i, (Boolean) value ? 1 : 0);
                return 1;
            };
        }
        if (vector instanceof TimeStampNanoTZVector v) {
            return (i, value) -> {
                Instant instant = (Instant) value;
                v.setSafe(i, Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano()));
                return 8;
            };
        }
        if (vector instanceof FixedSizeBinaryVector v) {
            int width = v.getByteWidth();
            return (i, value) -> {
                byte[] bytes = (byte[]) value;
                if (bytes.length != width) {
                    throw new IllegalArgumentException("column " + v.getName() + " holds " + width
                            + "-byte values, got " + bytes.length + " bytes");
                }
                v.setSafe(i, bytes);
                return width;
            };
        }
        if (vector instanceof VarBinaryVector v) {
            return (i, value) -> {
                byte[] bytes = (byte[]) value;
                v.setSafe(i, bytes);
                return bytes.length + 4L;
            };
        }
        if (vector instanceof VarCharVector v) {
            return (i, value) -> {
                byte[] bytes = ((String) value).getBytes(StandardCharsets.UTF_8);
                v.setSafe(i, bytes);
                return bytes.length + 4L;
            };
        }
        if (vector instanceof DecimalVector v) {
            return (i, value) -> {
                v.setSafe(i, decimal(value));
                return 16;
            };
        }
        if (vector instanceof Decimal256Vector v) {
            return (i, value) -> {
                v.setSafe(i, decimal(value));
                return 32;
            };
        }
        if (vector instanceof ListVector v) {
            ColumnWriter elements = forVector(v.getDataVector());
            return (i, value) -> {
                List<?> list = (List<?>) value;
                int offset = v.startNewValue(i);
                long bytes = 4;
                for (int k = 0; k < list.size(); k++) {
                    bytes += elements.write(offset + k, list.get(k));
                }
                v.endValue(i, list.size());
                return bytes;
            };
        }
        if (vector instanceof StructVector v) {
            List<String> names = new ArrayList<>();
            List<ColumnWriter> children = new ArrayList<>();
            for (FieldVector child : v.getChildrenFromFields()) {
                names.add(child.getName());
                children.add(forVector(child));
            }
            return (i, value) -> {
                Map<?, ?> struct = (Map<?, ?>) value;
                v.setIndexDefined(i);
                long bytes = 0;
                for (int c = 0; c < children.size(); c++) {
                    bytes += children.get(c).write(i, struct.get(names.get(c)));
                }
                return bytes;
            };
        }
        throw new IllegalArgumentException("no writer for column " + vector.getName() + " of Arrow type "
                + vector.getField().getType());
    }

    private static BigDecimal decimal(Object value) {
        return value instanceof BigInteger integer ? new BigDecimal(integer) : (BigDecimal) value;
    }

    private static void setNull(FieldVector vector, int index) {
        if (vector instanceof BaseFixedWidthVector v) {
            v.setNull(index);
        } else if (vector instanceof BaseVariableWidthVector v) {
            v.setNull(index);
        } else if (vector instanceof ListVector v) {
            v.setNull(index);
        } else if (vector instanceof StructVector v) {
            v.setNull(index);
        } else {
            throw new IllegalArgumentException("column " + vector.getName() + " of Arrow type "
                    + vector.getField().getType() + " cannot hold nulls here");
        }
    }
}
