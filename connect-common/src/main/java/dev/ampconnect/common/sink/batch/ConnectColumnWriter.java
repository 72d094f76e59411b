package dev.ampconnect.common.sink.batch;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Writes Connect values of one column into its Arrow vector (built by {@link ConnectArrowSchema}).
 * Every call fully defines slot {@code index}, value or null, so a row that failed half-way is simply
 * overwritten by the next one.
 */
abstract class ConnectColumnWriter {

    private static final long MILLIS_PER_DAY = 86_400_000L;

    /** Path of the column for error messages, e.g. {@code access_list[].address}. */
    final String path;

    ConnectColumnWriter(String path) {
        this.path = path;
    }

    /** Writes {@code value} (the Connect Java value, or null) at {@code index}. */
    final void write(int index, Object value) {
        if (value == null) {
            writeNull(index);
            return;
        }
        try {
            writeValue(index, value);
        } catch (DataException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DataException("column " + path + ": cannot write value " + describe(value) + ": " + e.getMessage(), e);
        }
    }

    abstract void writeValue(int index, Object value);

    abstract void writeNull(int index);

    /** A writer for a column of Connect schema {@code schema} into {@code vector}. */
    static ConnectColumnWriter of(Schema schema, FieldVector vector, String path) {
        switch (schema.type()) {
            case ARRAY:
                return new ListWriter(path, (ListVector) vector,
                        of(schema.valueSchema(), ((ListVector) vector).getDataVector(), path + "[]"));
            case MAP: {
                MapVector map = (MapVector) vector;
                StructVector entries = (StructVector) map.getDataVector();
                return new MapWriter(path, map, entries,
                        of(schema.keySchema(), entries.getChild(MapVector.KEY_NAME), path + ".key"),
                        of(schema.valueSchema(), entries.getChild(MapVector.VALUE_NAME), path + ".value"));
            }
            case STRUCT: {
                StructVector struct = (StructVector) vector;
                List<Field> fields = schema.fields();
                List<ConnectColumnWriter> children = new ArrayList<>(fields.size());
                for (Field field : fields) {
                    children.add(of(field.schema(), struct.getChild(field.name()), path + "." + field.name()));
                }
                return new StructWriter(path, struct, fields, children);
            }
            default:
                return primitive(schema, vector, path);
        }
    }

    private static ConnectColumnWriter primitive(Schema schema, FieldVector vector, String path) {
        if (vector instanceof DecimalVector decimals) {
            return new Simple(path, vector, (i, v) -> setDecimal(decimals, i, decimal(v, decimals.getPrecision(),
                    decimals.getScale(), path)));
        }
        if (vector instanceof Decimal256Vector decimals) {
            return new Simple(path, vector, (i, v) -> decimals.setSafe(i, decimal(v, decimals.getPrecision(), decimals.getScale(), path)));
        }
        if (vector instanceof TimeStampVector timestamps) {
            if (AmpSchemaNames.isTimestampNanos(schema)) {
                return new Simple(path, vector, (i, v) -> timestamps.setSafe(i, ((Number) v).longValue()));
            }
            return new Simple(path, vector, (i, v) -> timestamps.setSafe(i, ((java.util.Date) v).getTime()));
        }
        if (vector instanceof DateDayVector dates) {
            return new Simple(path, vector, (i, v) -> dates.setSafe(i, days((java.util.Date) v, path)));
        }
        if (vector instanceof TimeMilliVector times) {
            return new Simple(path, vector, (i, v) -> times.setSafe(i, (int) ((java.util.Date) v).getTime()));
        }
        if (vector instanceof TinyIntVector ints) {
            return new Simple(path, vector, (i, v) -> ints.setSafe(i, ((Number) v).byteValue()));
        }
        if (vector instanceof SmallIntVector ints) {
            return new Simple(path, vector, (i, v) -> ints.setSafe(i, ((Number) v).shortValue()));
        }
        if (vector instanceof IntVector ints) {
            return new Simple(path, vector, (i, v) -> ints.setSafe(i, ((Number) v).intValue()));
        }
        if (vector instanceof BigIntVector ints) {
            return new Simple(path, vector, (i, v) -> ints.setSafe(i, ((Number) v).longValue()));
        }
        if (vector instanceof Float4Vector floats) {
            return new Simple(path, vector, (i, v) -> floats.setSafe(i, ((Number) v).floatValue()));
        }
        if (vector instanceof Float8Vector floats) {
            return new Simple(path, vector, (i, v) -> floats.setSafe(i, ((Number) v).doubleValue()));
        }
        if (vector instanceof BitVector bits) {
            return new Simple(path, vector, (i, v) -> bits.setSafe(i, ((Boolean) v) ? 1 : 0));
        }
        if (vector instanceof VarCharVector strings) {
            return new Simple(path, vector, (i, v) -> strings.setSafe(i, ((String) v).getBytes(StandardCharsets.UTF_8)));
        }
        if (vector instanceof VarBinaryVector bytes) {
            return new Simple(path, vector, (i, v) -> bytes.setSafe(i, bytes(v)));
        }
        if (vector instanceof FixedSizeBinaryVector fixed) {
            return new Simple(path, vector, (i, v) -> {
                byte[] value = bytes(v);
                if (value.length != fixed.getByteWidth()) {
                    throw new DataException("column " + path + ": expected " + fixed.getByteWidth()
                            + " bytes (fixed-size binary), got " + value.length);
                }
                fixed.setSafe(i, value);
            });
        }
        throw new DataException("column " + path + ": no writer for Arrow vector " + vector.getClass().getSimpleName());
    }

    static BigDecimal decimal(Object value, int precision, int scale, String path) {
        BigDecimal decimal = (BigDecimal) value;
        if (decimal.scale() != scale) {
            try {
                decimal = decimal.setScale(scale);
            } catch (ArithmeticException e) {
                throw new DataException("column " + path + ": decimal " + decimal.toPlainString() + " has scale "
                        + decimal.scale() + ", the column DECIMAL(" + precision + "," + scale + ") cannot hold it exactly");
            }
        }
        if (decimal.precision() - decimal.scale() > precision - scale) {
            throw new DataException("column " + path + ": decimal " + decimal.toPlainString()
                    + " does not fit DECIMAL(" + precision + "," + scale + ")");
        }
        return decimal;
    }

    /**
     * Most chain decimals (UInt64 block numbers, gas, wei amounts below 2^63) have an unscaled value that
     * fits a long: written as a sign-extended long, which skips Arrow's byte-array path (BigInteger
     * toByteArray, reversal) that dominated the rows-format conversion in profiles.
     */
    private static void setDecimal(DecimalVector vector, int index, BigDecimal value) {
        java.math.BigInteger unscaled = value.unscaledValue();
        if (unscaled.bitLength() < Long.SIZE) {
            vector.setSafe(index, unscaled.longValue());
        } else {
            vector.setSafe(index, value);
        }
    }

    private static int days(java.util.Date date, String path) {
        long millis = date.getTime();
        if (millis % MILLIS_PER_DAY != 0) {
            throw new DataException("column " + path + ": a Date must be midnight UTC, got " + date.toInstant());
        }
        return (int) Math.floorDiv(millis, MILLIS_PER_DAY);
    }

    private static byte[] bytes(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static String describe(Object value) {
        String text = value instanceof byte[] bytes ? bytes.length + " bytes" : String.valueOf(value);
        return (text.length() > 80 ? text.substring(0, 80) + "…" : text) + " (" + value.getClass().getSimpleName() + ")";
    }

    /** A fixed- or variable-width primitive. */
    private static final class Simple extends ConnectColumnWriter {
        private final FieldVector vector;
        private final Setter setter;

        Simple(String path, FieldVector vector, Setter setter) {
            super(path);
            this.vector = vector;
            this.setter = setter;
        }

        @Override
        void writeValue(int index, Object value) {
            setter.set(index, value);
        }

        @Override
        void writeNull(int index) {
            if (vector instanceof org.apache.arrow.vector.BaseFixedWidthVector fixed) {
                fixed.setNull(index);
            } else if (vector instanceof org.apache.arrow.vector.BaseVariableWidthVector variable) {
                variable.setNull(index);
            } else {
                throw new IllegalStateException("unexpected vector " + vector.getClass());
            }
        }
    }

    @FunctionalInterface
    private interface Setter {
        void set(int index, Object value);
    }

    private static final class ListWriter extends ConnectColumnWriter {
        private final ListVector vector;
        private final ConnectColumnWriter element;

        ListWriter(String path, ListVector vector, ConnectColumnWriter element) {
            super(path);
            this.vector = vector;
            this.element = element;
        }

        @Override
        void writeValue(int index, Object value) {
            List<?> list = (List<?>) value;
            int start = vector.startNewValue(index);
            for (int k = 0; k < list.size(); k++) {
                element.write(start + k, list.get(k));
            }
            vector.endValue(index, list.size());
        }

        @Override
        void writeNull(int index) {
            vector.setNull(index);
        }
    }

    private static final class MapWriter extends ConnectColumnWriter {
        private final MapVector vector;
        private final StructVector entries;
        private final ConnectColumnWriter key;
        private final ConnectColumnWriter value;

        MapWriter(String path, MapVector vector, StructVector entries, ConnectColumnWriter key, ConnectColumnWriter value) {
            super(path);
            this.vector = vector;
            this.entries = entries;
            this.key = key;
            this.value = value;
        }

        @Override
        void writeValue(int index, Object map) {
            int start = vector.startNewValue(index);
            int k = 0;
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) map).entrySet()) {
                if (entry.getKey() == null) {
                    throw new DataException("column " + path + ": map with a null key");
                }
                entries.setIndexDefined(start + k);
                key.write(start + k, entry.getKey());
                value.write(start + k, entry.getValue());
                k++;
            }
            vector.endValue(index, k);
        }

        @Override
        void writeNull(int index) {
            vector.setNull(index);
        }
    }

    private static final class StructWriter extends ConnectColumnWriter {
        private final StructVector vector;
        private final List<Field> fields;
        private final List<ConnectColumnWriter> children;

        StructWriter(String path, StructVector vector, List<Field> fields, List<ConnectColumnWriter> children) {
            super(path);
            this.vector = vector;
            this.fields = fields;
            this.children = children;
        }

        @Override
        void writeValue(int index, Object value) {
            Struct struct = (Struct) value;
            vector.setIndexDefined(index);
            for (int f = 0; f < fields.size(); f++) {
                children.get(f).write(index, struct.get(fields.get(f).name()));
            }
        }

        @Override
        void writeNull(int index) {
            vector.setNull(index);
            for (ConnectColumnWriter child : children) {
                child.writeNull(index);
            }
        }
    }
}
