package dev.ampconnect.sink.iceberg.schema;

import dev.ampconnect.common.arrow.Uint64Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;

/**
 * The Iceberg type of every amp/Arrow column, decided by the column's Arrow type alone (so it can later switch
 * over connect-common's column kinds with little change). The batch's Arrow types are either the source's own
 * ({@code arrow}-format records) or the canonical "Connect -> Arrow" ones ({@code rows} format), and both map
 * here. Nullable Arrow fields become optional Iceberg fields.
 *
 * <table>
 *   <caption>Arrow -> Iceberg</caption>
 *   <tr><th>Arrow</th><th>Iceberg</th></tr>
 *   <tr><td>Bool</td><td>boolean</td></tr>
 *   <tr><td>Int8/16/32, UInt8/16</td><td>int</td></tr>
 *   <tr><td>Int64, UInt32</td><td>long</td></tr>
 *   <tr><td>UInt64</td><td>decimal(20,0) ({@code uint64.mode=decimal}) or long ({@code int64}, values above 2^63-1 fail)</td></tr>
 *   <tr><td>Float16/32, Float64</td><td>float, double</td></tr>
 *   <tr><td>Utf8, LargeUtf8, Utf8View</td><td>string</td></tr>
 *   <tr><td>Binary, LargeBinary, BinaryView</td><td>binary</td></tr>
 *   <tr><td>FixedSizeBinary(N)</td><td>fixed[N]</td></tr>
 *   <tr><td>Decimal128/256(p,s), p &lt;= 38</td><td>decimal(p,s)</td></tr>
 *   <tr><td>Decimal256(p,s), p &gt; 38</td><td>string: the exact plain decimal text (Iceberg stops at 38 digits)</td></tr>
 *   <tr><td>Timestamp(s/ms/us, tz)</td><td>timestamptz (timestamp without a time zone)</td></tr>
 *   <tr><td>Timestamp(ns, tz)</td><td>v3: timestamptz_ns; v2: timestamptz (microseconds: a value with
 *       sub-microsecond digits is rejected, never truncated)</td></tr>
 *   <tr><td>Date32/64</td><td>date</td></tr>
 *   <tr><td>Time32/64</td><td>time (microseconds; sub-microsecond digits rejected)</td></tr>
 *   <tr><td>Null</td><td>optional string (always null)</td></tr>
 *   <tr><td>List, LargeList, FixedSizeList</td><td>list</td></tr>
 *   <tr><td>Struct</td><td>struct</td></tr>
 *   <tr><td>Map</td><td>map</td></tr>
 * </table>
 *
 * Anything else (intervals, durations, unions, dictionaries) fails naming the column. Nested field ids are
 * numbered from 1 in order; Iceberg renumbers them when a table is created or a column added.
 */
public final class IcebergTypeMapping {

    /** Iceberg's largest decimal precision. */
    public static final int MAX_DECIMAL_PRECISION = 38;
    /** Digits of the largest unsigned 64-bit value. */
    public static final int UINT64_DECIMAL_PRECISION = 20;

    /**
     * @param uint64Mode    how UInt64 columns are stored
     * @param formatVersion the table's format version (2 or 3), which decides the nanosecond timestamp type
     */
    public record Options(Uint64Mode uint64Mode, int formatVersion) {
        public Options {
            Objects.requireNonNull(uint64Mode, "uint64Mode");
            if (formatVersion < 2 || formatVersion > 3) {
                throw new IllegalArgumentException("format version " + formatVersion + " is not 2 or 3");
            }
        }
    }

    private final Options options;
    private int lastId;

    private IcebergTypeMapping(Options options) {
        this.options = options;
    }

    /** The Iceberg fields of top-level Arrow fields, in order, ids numbered from 1. */
    public static List<NestedField> fields(List<Field> arrowFields, Options options) {
        IcebergTypeMapping mapping = new IcebergTypeMapping(options);
        List<NestedField> fields = new ArrayList<>(arrowFields.size());
        for (Field field : arrowFields) {
            fields.add(mapping.field(field, field.getName()));
        }
        return fields;
    }

    /** The Iceberg type of one Arrow field (nested ids numbered from 1). */
    public static Type typeOf(Field arrowField, Options options) {
        return new IcebergTypeMapping(options).type(arrowField, arrowField.getName());
    }

    private NestedField field(Field arrow, String column) {
        int id = ++lastId;
        Type type = type(arrow, column);
        return NestedField.of(id, arrow.isNullable(), arrow.getName(), type);
    }

    private Type type(Field arrow, String column) {
        if (arrow.getDictionary() != null) {
            throw unsupported(column, "dictionary-encoded " + arrow.getType());
        }
        ArrowType type = arrow.getType();
        return switch (type.getTypeID()) {
            case Null, Utf8, LargeUtf8, Utf8View -> Types.StringType.get();
            case Bool -> Types.BooleanType.get();
            case Int -> integer((ArrowType.Int) type);
            case FloatingPoint -> ((ArrowType.FloatingPoint) type).getPrecision() == FloatingPointPrecision.DOUBLE
                    ? Types.DoubleType.get() : Types.FloatType.get();
            case Binary, LargeBinary, BinaryView -> Types.BinaryType.get();
            case FixedSizeBinary -> Types.FixedType.ofLength(((ArrowType.FixedSizeBinary) type).getByteWidth());
            case Decimal -> decimal((ArrowType.Decimal) type, column);
            case Timestamp -> timestamp((ArrowType.Timestamp) type);
            case Date -> Types.DateType.get();
            case Time -> Types.TimeType.get();
            case List, LargeList, FixedSizeList -> list(arrow, column);
            case Struct -> struct(arrow, column);
            case Map -> map(arrow, column);
            default -> throw unsupported(column, type.toString());
        };
    }

    private Type integer(ArrowType.Int type) {
        int bits = type.getBitWidth();
        if (type.getIsSigned()) {
            return bits <= 32 ? Types.IntegerType.get() : Types.LongType.get();
        }
        if (bits <= 16) {
            return Types.IntegerType.get();
        }
        if (bits == 32) {
            return Types.LongType.get();
        }
        return options.uint64Mode() == Uint64Mode.INT64 ? Types.LongType.get()
                : Types.DecimalType.of(UINT64_DECIMAL_PRECISION, 0);
    }

    private static Type decimal(ArrowType.Decimal type, String column) {
        if (type.getScale() < 0 || type.getScale() > type.getPrecision()) {
            throw unsupported(column, type + " (scale outside 0..precision)");
        }
        // beyond 38 digits Iceberg has no decimal: the exact text keeps every digit and every reader can cast it
        return type.getPrecision() <= MAX_DECIMAL_PRECISION ? Types.DecimalType.of(type.getPrecision(), type.getScale())
                : Types.StringType.get();
    }

    private Type timestamp(ArrowType.Timestamp type) {
        boolean zoned = type.getTimezone() != null;
        if (type.getUnit() == TimeUnit.NANOSECOND && options.formatVersion() >= 3) {
            return zoned ? Types.TimestampNanoType.withZone() : Types.TimestampNanoType.withoutZone();
        }
        return zoned ? Types.TimestampType.withZone() : Types.TimestampType.withoutZone();
    }

    private Type list(Field arrow, String column) {
        Field element = onlyChild(arrow, column);
        int elementId = ++lastId;
        Type elementType = type(element, column + "[]");
        return element.isNullable() ? Types.ListType.ofOptional(elementId, elementType)
                : Types.ListType.ofRequired(elementId, elementType);
    }

    private Type struct(Field arrow, String column) {
        List<NestedField> children = new ArrayList<>(arrow.getChildren().size());
        for (Field child : arrow.getChildren()) {
            children.add(field(child, column + "." + child.getName()));
        }
        return Types.StructType.of(children);
    }

    private Type map(Field arrow, String column) {
        Field entries = onlyChild(arrow, column);
        if (entries.getChildren().size() != 2) {
            throw unsupported(column, "map whose entries have " + entries.getChildren().size() + " fields");
        }
        Field key = entries.getChildren().get(0);
        Field value = entries.getChildren().get(1);
        int keyId = ++lastId;
        int valueId = ++lastId;
        Type keyType = type(key, column + "{key}");
        Type valueType = type(value, column + "{value}");
        return value.isNullable() ? Types.MapType.ofOptional(keyId, valueId, keyType, valueType)
                : Types.MapType.ofRequired(keyId, valueId, keyType, valueType);
    }

    private static Field onlyChild(Field field, String column) {
        if (field.getChildren().size() != 1) {
            throw unsupported(column, field.getType() + " with " + field.getChildren().size() + " children");
        }
        return field.getChildren().get(0);
    }

    private static UnsupportedColumnException unsupported(String column, String type) {
        return new UnsupportedColumnException("column '" + column + "' has Arrow type " + type
                + ", which the Iceberg sink does not map (see sink-iceberg/README.md \"Type mapping\"); cast it in the"
                + " query to a supported type");
    }
}
