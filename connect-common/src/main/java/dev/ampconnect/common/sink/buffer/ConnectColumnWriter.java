package dev.ampconnect.common.sink.buffer;

import dev.ampconnect.common.sink.batch.AmpSchemaNames;
import dev.ampconnect.common.arrow.column.Column;
import dev.ampconnect.common.arrow.column.ColumnKind;
import dev.ampconnect.common.arrow.column.ColumnResolver;
import java.math.BigDecimal;
import java.util.List;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

/**
 * Writes Connect values of one column into its Arrow vector (built by {@link ConnectArrowSchema}), with a
 * writer per {@link ColumnKind} chosen once per column and segment ({@link ScalarColumnWriters},
 * {@link NestedColumnWriters}).
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
            return new ScalarColumnWriters.Bool(path, (BitVector) vector);
        }

        @Override
        public ConnectColumnWriter visitInt(ColumnKind.Int kind) {
            BaseFixedWidthVector ints = (BaseFixedWidthVector) vector;
            return switch (kind.type()) {
                case INT8 -> new ScalarColumnWriters.Int8(path, ints);
                case INT16 -> new ScalarColumnWriters.Int16(path, ints);
                case INT32 -> new ScalarColumnWriters.Int32(path, ints);
                case INT64 -> new ScalarColumnWriters.Int64(path, ints);
                case UINT8, UINT16, UINT32, UINT64 -> throw noWriter(kind);
            };
        }

        @Override
        public ConnectColumnWriter visitFloatingPoint(ColumnKind.FloatingPoint kind) {
            BaseFixedWidthVector floats = (BaseFixedWidthVector) vector;
            return switch (kind.precision()) {
                case SINGLE -> new ScalarColumnWriters.Float32(path, floats);
                case DOUBLE -> new ScalarColumnWriters.Float64(path, floats);
                case HALF -> throw noWriter(kind);
            };
        }

        @Override
        public ConnectColumnWriter visitDecimal(ColumnKind.Decimal kind) {
            if (kind.is256()) {
                Decimal256Vector decimals = (Decimal256Vector) vector;
                return new ScalarColumnWriters.Decimal(path, decimals, decimals.getPrecision(), decimals.getScale(),
                        Decimal256Vector.TYPE_WIDTH);
            }
            DecimalVector decimals = (DecimalVector) vector;
            return new ScalarColumnWriters.Decimal(path, decimals, decimals.getPrecision(), decimals.getScale(),
                    DecimalVector.TYPE_WIDTH);
        }

        @Override
        public ConnectColumnWriter visitUtf8(ColumnKind.Utf8 kind) {
            if (kind.layout() != ColumnKind.VarWidthLayout.REGULAR) {
                throw noWriter(kind);
            }
            return new ScalarColumnWriters.Utf8(path, (BaseVariableWidthVector) vector);
        }

        @Override
        public ConnectColumnWriter visitBinary(ColumnKind.Binary kind) {
            if (kind.layout() != ColumnKind.VarWidthLayout.REGULAR) {
                throw noWriter(kind);
            }
            return new ScalarColumnWriters.Binary(path, (BaseVariableWidthVector) vector);
        }

        @Override
        public ConnectColumnWriter visitFixedSizeBinary(ColumnKind.FixedSizeBinary kind) {
            return new ScalarColumnWriters.FixedBinary(path, (BaseFixedWidthVector) vector, kind.byteWidth());
        }

        @Override
        public ConnectColumnWriter visitDate(ColumnKind.Date kind) {
            if (kind.unit() != DateUnit.DAY) {
                throw noWriter(kind);
            }
            return new ScalarColumnWriters.DateDays(path, (BaseFixedWidthVector) vector);
        }

        @Override
        public ConnectColumnWriter visitTime(ColumnKind.Time kind) {
            if (kind.unit() != TimeUnit.MILLISECOND) {
                throw noWriter(kind);
            }
            return new ScalarColumnWriters.TimeMillis(path, (BaseFixedWidthVector) vector);
        }

        @Override
        public ConnectColumnWriter visitTimestamp(ColumnKind.Timestamp kind) {
            BaseFixedWidthVector timestamps = (BaseFixedWidthVector) vector;
            if (AmpSchemaNames.isTimestampNanos(schema)) {
                return new ScalarColumnWriters.Int64(path, timestamps);
            }
            return new ScalarColumnWriters.TimestampMillis(path, timestamps);
        }

        @Override
        public ConnectColumnWriter visitList(ColumnKind.List kind) {
            if (kind.layout() != ColumnKind.ListLayout.REGULAR) {
                throw noWriter(kind);
            }
            ListVector list = (ListVector) vector;
            return new NestedColumnWriters.ListWriter(path, list, of(kind.element(), schema.valueSchema(), list.getDataVector()));
        }

        @Override
        public ConnectColumnWriter visitStruct(ColumnKind.Struct kind) {
            StructVector struct = (StructVector) vector;
            List<Field> fields = schema.fields();
            List<FieldVector> vectors = struct.getChildrenFromFields();
            ConnectColumnWriter[] children = new ConnectColumnWriter[fields.size()];
            for (int f = 0; f < fields.size(); f++) {
                children[f] = of(kind.children().get(f), fields.get(f).schema(), vectors.get(f));
            }
            return new NestedColumnWriters.StructWriter(path, struct, schema, children);
        }

        @Override
        public ConnectColumnWriter visitMap(ColumnKind.Map kind) {
            MapVector map = (MapVector) vector;
            StructVector entries = (StructVector) map.getDataVector();
            List<FieldVector> keyAndValue = entries.getChildrenFromFields();
            return new NestedColumnWriters.MapWriter(path, map, entries, of(kind.key(), schema.keySchema(), keyAndValue.get(0)),
                    of(kind.value(), schema.valueSchema(), keyAndValue.get(1)));
        }

        private DataException noWriter(ColumnKind kind) {
            return new DataException("column " + path + ": no writer for Arrow type " + kind.label()
                    + " (not a type ConnectArrowSchema produces)");
        }
    }

    /**
     * {@code value} as a decimal of {@code scale} that fits DECIMAL({@code precision},{@code scale}): rescaled
     * exactly when its scale differs.
     *
     * @throws DataException naming the column when it cannot be rescaled exactly or has too many digits
     */
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

    /** The days since the epoch of a Connect Date, which must be midnight UTC. */
    static int days(java.util.Date date, String path) {
        long millis = date.getTime();
        if (millis % MILLIS_PER_DAY != 0) {
            throw new DataException("column " + path + ": a Date must be midnight UTC, got " + date.toInstant());
        }
        return (int) Math.floorDiv(millis, MILLIS_PER_DAY);
    }

    private static String describe(Object value) {
        String text = value instanceof byte[] bytes ? bytes.length + " bytes" : String.valueOf(value);
        return (text.length() > 80 ? text.substring(0, 80) + "…" : text) + " (" + value.getClass().getSimpleName() + ")";
    }
}
