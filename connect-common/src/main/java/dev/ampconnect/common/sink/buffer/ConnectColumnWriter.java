package dev.ampconnect.common.sink.buffer;

import dev.ampconnect.common.sink.batch.AmpSchemaNames;
import dev.ampconnect.common.arrow.column.Column;
import dev.ampconnect.common.arrow.column.ColumnKind;
import dev.ampconnect.common.arrow.column.ColumnResolver;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
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
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Writes Connect values of one column into its Arrow vector (built by {@link ConnectArrowSchema}), with a
 * writer per {@link ColumnKind} chosen once per column and segment.
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

    /**
     * A writer for a column of Connect schema {@code schema} into {@code vector}, a vector of the Arrow type
     * {@link ConnectArrowSchema} gives that schema.
     */
    static ConnectColumnWriter of(Schema schema, FieldVector vector, String path) {
        return of(ColumnResolver.resolve(vector.getField(), path), schema, vector);
    }

    private static ConnectColumnWriter of(Column column, Schema schema, FieldVector vector) {
        return column.accept(new WriterOf(column.path(), schema, vector));
    }

    /**
     * The writer of one column. Only the Arrow types {@link ConnectArrowSchema} produces have one: the others
     * (unsigned integers, large or view layouts, Float16, Date64, times other than milliseconds) never hold
     * Connect values.
     */
    private static final class WriterOf implements ColumnKind.Visitor<ConnectColumnWriter> {
        private final String path;
        private final Schema schema;
        private final FieldVector vector;

        WriterOf(String path, Schema schema, FieldVector vector) {
            this.path = path;
            this.schema = schema;
            this.vector = vector;
        }

        @Override
        public ConnectColumnWriter visitNull(ColumnKind.Null kind) {
            throw noWriter(kind);
        }

        @Override
        public ConnectColumnWriter visitBool(ColumnKind.Bool kind) {
            BitVector bits = (BitVector) vector;
            return fixedWidth(bits, (i, v) -> bits.setSafe(i, ((Boolean) v) ? 1 : 0));
        }

        @Override
        public ConnectColumnWriter visitInt(ColumnKind.Int kind) {
            return switch (kind.type()) {
                case INT8 -> {
                    TinyIntVector ints = (TinyIntVector) vector;
                    yield fixedWidth(ints, (i, v) -> ints.setSafe(i, ((Number) v).byteValue()));
                }
                case INT16 -> {
                    SmallIntVector ints = (SmallIntVector) vector;
                    yield fixedWidth(ints, (i, v) -> ints.setSafe(i, ((Number) v).shortValue()));
                }
                case INT32 -> {
                    IntVector ints = (IntVector) vector;
                    yield fixedWidth(ints, (i, v) -> ints.setSafe(i, ((Number) v).intValue()));
                }
                case INT64 -> {
                    BigIntVector ints = (BigIntVector) vector;
                    yield fixedWidth(ints, (i, v) -> ints.setSafe(i, ((Number) v).longValue()));
                }
                case UINT8, UINT16, UINT32, UINT64 -> throw noWriter(kind);
            };
        }

        @Override
        public ConnectColumnWriter visitFloatingPoint(ColumnKind.FloatingPoint kind) {
            return switch (kind.precision()) {
                case SINGLE -> {
                    Float4Vector floats = (Float4Vector) vector;
                    yield fixedWidth(floats, (i, v) -> floats.setSafe(i, ((Number) v).floatValue()));
                }
                case DOUBLE -> {
                    Float8Vector floats = (Float8Vector) vector;
                    yield fixedWidth(floats, (i, v) -> floats.setSafe(i, ((Number) v).doubleValue()));
                }
                case HALF -> throw noWriter(kind);
            };
        }

        @Override
        public ConnectColumnWriter visitDecimal(ColumnKind.Decimal kind) {
            if (kind.is256()) {
                Decimal256Vector decimals = (Decimal256Vector) vector;
                return fixedWidth(decimals, (i, v) -> decimals.setSafe(i, decimal(v, decimals.getPrecision(),
                        decimals.getScale(), path)));
            }
            DecimalVector decimals = (DecimalVector) vector;
            return fixedWidth(decimals, (i, v) -> setDecimal(decimals, i, decimal(v, decimals.getPrecision(),
                    decimals.getScale(), path)));
        }

        @Override
        public ConnectColumnWriter visitUtf8(ColumnKind.Utf8 kind) {
            if (kind.layout() != ColumnKind.VarWidthLayout.REGULAR) {
                throw noWriter(kind);
            }
            VarCharVector strings = (VarCharVector) vector;
            return variableWidth(strings, (i, v) -> strings.setSafe(i, ((String) v).getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public ConnectColumnWriter visitBinary(ColumnKind.Binary kind) {
            if (kind.layout() != ColumnKind.VarWidthLayout.REGULAR) {
                throw noWriter(kind);
            }
            VarBinaryVector bytes = (VarBinaryVector) vector;
            return variableWidth(bytes, (i, v) -> bytes.setSafe(i, bytes(v)));
        }

        @Override
        public ConnectColumnWriter visitFixedSizeBinary(ColumnKind.FixedSizeBinary kind) {
            FixedSizeBinaryVector fixed = (FixedSizeBinaryVector) vector;
            int width = kind.byteWidth();
            return fixedWidth(fixed, (i, v) -> {
                byte[] value = bytes(v);
                if (value.length != width) {
                    throw new DataException("column " + path + ": expected " + width
                            + " bytes (fixed-size binary), got " + value.length);
                }
                fixed.setSafe(i, value);
            });
        }

        @Override
        public ConnectColumnWriter visitDate(ColumnKind.Date kind) {
            if (kind.unit() != DateUnit.DAY) {
                throw noWriter(kind);
            }
            DateDayVector dates = (DateDayVector) vector;
            return fixedWidth(dates, (i, v) -> dates.setSafe(i, days((java.util.Date) v, path)));
        }

        @Override
        public ConnectColumnWriter visitTime(ColumnKind.Time kind) {
            if (kind.unit() != TimeUnit.MILLISECOND) {
                throw noWriter(kind);
            }
            TimeMilliVector times = (TimeMilliVector) vector;
            return fixedWidth(times, (i, v) -> times.setSafe(i, (int) ((java.util.Date) v).getTime()));
        }

        @Override
        public ConnectColumnWriter visitTimestamp(ColumnKind.Timestamp kind) {
            TimeStampVector timestamps = (TimeStampVector) vector;
            if (AmpSchemaNames.isTimestampNanos(schema)) {
                return fixedWidth(timestamps, (i, v) -> timestamps.setSafe(i, ((Number) v).longValue()));
            }
            return fixedWidth(timestamps, (i, v) -> timestamps.setSafe(i, ((java.util.Date) v).getTime()));
        }

        @Override
        public ConnectColumnWriter visitList(ColumnKind.List kind) {
            if (kind.layout() != ColumnKind.ListLayout.REGULAR) {
                throw noWriter(kind);
            }
            ListVector list = (ListVector) vector;
            return new ListWriter(path, list, of(kind.element(), schema.valueSchema(), list.getDataVector()));
        }

        @Override
        public ConnectColumnWriter visitStruct(ColumnKind.Struct kind) {
            StructVector struct = (StructVector) vector;
            List<Field> fields = schema.fields();
            List<FieldVector> vectors = struct.getChildrenFromFields();
            List<ConnectColumnWriter> children = new ArrayList<>(fields.size());
            for (int f = 0; f < fields.size(); f++) {
                children.add(of(kind.children().get(f), fields.get(f).schema(), vectors.get(f)));
            }
            return new StructWriter(path, struct, fields, children);
        }

        @Override
        public ConnectColumnWriter visitMap(ColumnKind.Map kind) {
            MapVector map = (MapVector) vector;
            StructVector entries = (StructVector) map.getDataVector();
            List<FieldVector> keyAndValue = entries.getChildrenFromFields();
            return new MapWriter(path, map, entries, of(kind.key(), schema.keySchema(), keyAndValue.get(0)),
                    of(kind.value(), schema.valueSchema(), keyAndValue.get(1)));
        }

        private ConnectColumnWriter fixedWidth(BaseFixedWidthVector target, Setter setter) {
            return new Simple(path, setter, target::setNull);
        }

        private ConnectColumnWriter variableWidth(BaseVariableWidthVector target, Setter setter) {
            return new Simple(path, setter, target::setNull);
        }

        private DataException noWriter(ColumnKind kind) {
            return new DataException("column " + path + ": no writer for Arrow type " + kind.label()
                    + " (not a type ConnectArrowSchema produces)");
        }
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
        private final Setter setter;
        private final IntConsumer nuller;

        Simple(String path, Setter setter, IntConsumer nuller) {
            super(path);
            this.setter = setter;
            this.nuller = nuller;
        }

        @Override
        void writeValue(int index, Object value) {
            setter.set(index, value);
        }

        @Override
        void writeNull(int index) {
            nuller.accept(index);
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
