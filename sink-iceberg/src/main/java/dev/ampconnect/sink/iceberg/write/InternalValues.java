package dev.ampconnect.sink.iceberg.write;

import dev.ampconnect.common.arrow.ArrowConversionException;
import dev.ampconnect.common.arrow.column.Column;
import dev.ampconnect.common.arrow.column.ColumnKind;
import dev.ampconnect.common.arrow.column.ColumnResolver;
import dev.ampconnect.sink.iceberg.schema.UnsupportedColumnException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Reads Arrow values as Iceberg's internal Java representation (Integer, Long, Float, Double, Boolean, String,
 * ByteBuffer, BigDecimal, micro/nanosecond Longs, epoch-day Integers, List, Map and {@link StructLike}), for
 * nested columns (written by Iceberg's own {@code InternalWriter}) and for partition values. Built on the same
 * {@link ArrowColumnValues} as the flat columns, so both paths convert identically.
 */
public final class InternalValues {

    private InternalValues() {
    }

    /** A reader of {@code vector}'s row values as {@code type}'s internal representation; null rows read null. */
    public static IntFunction<Object> reader(FieldVector vector, Type type, String column) {
        IntFunction<Object> values = nonNull(vector, type, column);
        return row -> vector.isNull(row) ? null : values.apply(row);
    }

    private static IntFunction<Object> nonNull(FieldVector vector, Type type, String column) {
        if (type.isPrimitiveType()) {
            return primitive(ArrowColumnValues.of(vector, type.asPrimitiveType(), column), type.asPrimitiveType());
        }
        Column resolved;
        try {
            resolved = ColumnResolver.resolve(vector.getField(), column);
        } catch (ArrowConversionException e) {
            throw new UnsupportedColumnException(e.getMessage());
        }
        IntFunction<Object> values = resolved.accept(new NestedReader(vector, type, column));
        if (values == null) {
            throw new UnsupportedColumnException("column '" + column + "': Arrow " + resolved.kind().label()
                    + " cannot be written into Iceberg " + type);
        }
        return values;
    }

    private static IntFunction<Object> primitive(ColumnValues values, Type.PrimitiveType type) {
        return switch (type.typeId()) {
            case BOOLEAN -> row -> ((ColumnValues.Booleans) values).get(row);
            case INTEGER, DATE -> row -> (int) ((ColumnValues.Longs) values).get(row);
            case LONG, TIME, TIMESTAMP, TIMESTAMP_NANO -> row -> ((ColumnValues.Longs) values).get(row);
            case FLOAT -> row -> (float) ((ColumnValues.Doubles) values).get(row);
            case DOUBLE -> row -> ((ColumnValues.Doubles) values).get(row);
            case STRING -> row -> ((ColumnValues.Bytes) values).get(row).toStringUsingUTF8();
            case BINARY, FIXED -> row -> ByteBuffer.wrap(((ColumnValues.Bytes) values).get(row).getBytes());
            case DECIMAL -> {
                int scale = ((Types.DecimalType) type).scale();
                yield row -> ArrowColumnValues.decimal(values, row, scale);
            }
            default -> throw new UnsupportedColumnException("no internal value for Iceberg " + type);
        };
    }

    /** Reads a nested column (list, struct, map) of the matching Iceberg type; any other kind: {@code null}. */
    private static final class NestedReader implements ColumnKind.Visitor<IntFunction<Object>> {
        private final FieldVector vector;
        private final Type type;
        private final String column;

        NestedReader(FieldVector vector, Type type, String column) {
            this.vector = vector;
            this.type = type;
            this.column = column;
        }

        @Override
        public IntFunction<Object> visitList(ColumnKind.List kind) {
            if (type.typeId() != Type.TypeID.LIST) {
                return null;
            }
            Type elementType = type.asListType().elementType();
            String elementColumn = column + "[]";
            return switch (kind.layout()) {
                case REGULAR -> {
                    ListVector list = (ListVector) vector;
                    IntFunction<Object> element = reader(list.getDataVector(), elementType, elementColumn);
                    yield row -> elements(element, list.getElementStartIndex(row), list.getElementEndIndex(row));
                }
                case LARGE -> {
                    LargeListVector list = (LargeListVector) vector;
                    IntFunction<Object> element = reader(list.getDataVector(), elementType, elementColumn);
                    yield row -> elements(element, Math.toIntExact(list.getElementStartIndex(row)),
                            Math.toIntExact(list.getElementEndIndex(row)));
                }
                case FIXED_SIZE -> {
                    FixedSizeListVector list = (FixedSizeListVector) vector;
                    IntFunction<Object> element = reader(list.getDataVector(), elementType, elementColumn);
                    int size = kind.fixedSize();
                    yield row -> elements(element, row * size, row * size + size);
                }
            };
        }

        @Override
        public IntFunction<Object> visitStruct(ColumnKind.Struct kind) {
            if (type.typeId() != Type.TypeID.STRUCT) {
                return null;
            }
            StructVector struct = (StructVector) vector;
            List<Types.NestedField> fields = type.asStructType().fields();
            List<IntFunction<Object>> children = new ArrayList<>(fields.size());
            for (Types.NestedField field : fields) {
                FieldVector child = (FieldVector) struct.getChild(field.name());
                String path = column + "." + field.name();
                children.add(child == null ? row -> null : reader(child, field.type(), path));
            }
            return row -> {
                Object[] values = new Object[children.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = children.get(i).apply(row);
                }
                return new ArrayStruct(values);
            };
        }

        @Override
        public IntFunction<Object> visitMap(ColumnKind.Map kind) {
            if (type.typeId() != Type.TypeID.MAP) {
                return null;
            }
            MapVector map = (MapVector) vector;
            StructVector entries = (StructVector) map.getDataVector();
            Types.MapType mapType = type.asMapType();
            IntFunction<Object> keys = reader((FieldVector) entries.getChildByOrdinal(0), mapType.keyType(), column + "{key}");
            IntFunction<Object> values = reader((FieldVector) entries.getChildByOrdinal(1), mapType.valueType(),
                    column + "{value}");
            return row -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                for (int i = map.getElementStartIndex(row); i < map.getElementEndIndex(row); i++) {
                    out.put(keys.apply(i), values.apply(i));
                }
                return out;
            };
        }

        @Override
        public IntFunction<Object> visitNull(ColumnKind.Null kind) {
            return null;
        }

        @Override
        public IntFunction<Object> visitBool(ColumnKind.Bool kind) {
            return null;
        }

        @Override
        public IntFunction<Object> visitInt(ColumnKind.Int kind) {
            return null;
        }

        @Override
        public IntFunction<Object> visitFloatingPoint(ColumnKind.FloatingPoint kind) {
            return null;
        }

        @Override
        public IntFunction<Object> visitDecimal(ColumnKind.Decimal kind) {
            return null;
        }

        @Override
        public IntFunction<Object> visitUtf8(ColumnKind.Utf8 kind) {
            return null;
        }

        @Override
        public IntFunction<Object> visitBinary(ColumnKind.Binary kind) {
            return null;
        }

        @Override
        public IntFunction<Object> visitFixedSizeBinary(ColumnKind.FixedSizeBinary kind) {
            return null;
        }

        @Override
        public IntFunction<Object> visitDate(ColumnKind.Date kind) {
            return null;
        }

        @Override
        public IntFunction<Object> visitTime(ColumnKind.Time kind) {
            return null;
        }

        @Override
        public IntFunction<Object> visitTimestamp(ColumnKind.Timestamp kind) {
            return null;
        }
    }

    private static List<Object> elements(IntFunction<Object> element, int start, int end) {
        List<Object> values = new ArrayList<>(end - start);
        for (int i = start; i < end; i++) {
            values.add(element.apply(i));
        }
        return values;
    }

    /** A struct value backed by an array, in the order of its Iceberg struct's fields. */
    static final class ArrayStruct implements StructLike {
        private final Object[] values;

        ArrayStruct(Object[] values) {
            this.values = values;
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public <T> T get(int pos, Class<T> javaClass) {
            return javaClass.cast(values[pos]);
        }

        @Override
        public <T> void set(int pos, T value) {
            values[pos] = value;
        }
    }
}
