package dev.ampconnect.sink.iceberg.write;

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
        return switch (type.typeId()) {
            case LIST -> list(vector, type.asListType(), column);
            case MAP -> map(vector, type.asMapType(), column);
            case STRUCT -> struct(vector, type.asStructType(), column);
            default -> throw new UnsupportedColumnException("column '" + column + "': no reader for Iceberg " + type);
        };
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

    private static IntFunction<Object> list(FieldVector vector, Types.ListType type, String column) {
        String elementColumn = column + "[]";
        if (vector instanceof ListVector list && !(vector instanceof MapVector)) {
            IntFunction<Object> element = reader(list.getDataVector(), type.elementType(), elementColumn);
            return row -> elements(element, list.getElementStartIndex(row), list.getElementEndIndex(row));
        }
        if (vector instanceof LargeListVector list) {
            IntFunction<Object> element = reader(list.getDataVector(), type.elementType(), elementColumn);
            return row -> elements(element, Math.toIntExact(list.getElementStartIndex(row)),
                    Math.toIntExact(list.getElementEndIndex(row)));
        }
        if (vector instanceof FixedSizeListVector list) {
            IntFunction<Object> element = reader(list.getDataVector(), type.elementType(), elementColumn);
            int size = list.getListSize();
            return row -> elements(element, row * size, row * size + size);
        }
        throw new UnsupportedColumnException("column '" + column + "': Arrow " + vector.getField().getType()
                + " is not a list");
    }

    private static List<Object> elements(IntFunction<Object> element, int start, int end) {
        List<Object> values = new ArrayList<>(end - start);
        for (int i = start; i < end; i++) {
            values.add(element.apply(i));
        }
        return values;
    }

    private static IntFunction<Object> map(FieldVector vector, Types.MapType type, String column) {
        if (!(vector instanceof MapVector map)) {
            throw new UnsupportedColumnException("column '" + column + "': Arrow " + vector.getField().getType()
                    + " is not a map");
        }
        StructVector entries = (StructVector) map.getDataVector();
        IntFunction<Object> keys = reader((FieldVector) entries.getChildByOrdinal(0), type.keyType(), column + "{key}");
        IntFunction<Object> values = reader((FieldVector) entries.getChildByOrdinal(1), type.valueType(), column + "{value}");
        return row -> {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (int i = map.getElementStartIndex(row); i < map.getElementEndIndex(row); i++) {
                out.put(keys.apply(i), values.apply(i));
            }
            return out;
        };
    }

    private static IntFunction<Object> struct(FieldVector vector, Types.StructType type, String column) {
        if (!(vector instanceof StructVector struct)) {
            throw new UnsupportedColumnException("column '" + column + "': Arrow " + vector.getField().getType()
                    + " is not a struct");
        }
        List<Types.NestedField> fields = type.fields();
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
