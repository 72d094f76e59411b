package dev.ampconnect.sink.iceberg.schema;

import dev.ampconnect.common.arrow.ArrowConversionException;
import dev.ampconnect.common.arrow.Uint64Mode;
import dev.ampconnect.common.arrow.column.Column;
import dev.ampconnect.common.arrow.column.ColumnKind;
import dev.ampconnect.common.arrow.column.ColumnResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;

/**
 * The Iceberg type of every amp/Arrow column, decided by the column's kind alone (connect-common's column model:
 * {@link ColumnResolver} resolves each Arrow field once, this class is a {@link ColumnKind.Visitor} over the kinds,
 * so no Arrow type test lives here and a new kind is a compile error until it is mapped). The batch's Arrow types
 * are either the source's own ({@code arrow}-format records) or the canonical "Connect -> Arrow" ones ({@code rows}
 * format), and both map here. Nullable Arrow fields become optional Iceberg fields.
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
 * Anything else (intervals, durations, unions, dictionaries) fails in {@link ColumnResolver}, naming the column.
 * Nested field ids are numbered from 1 in order; Iceberg renumbers them when a table is created or a column added.
 */
public final class IcebergTypeMapping implements ColumnKind.Visitor<Type> {

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
    /** The path of the column being mapped, for messages. */
    private String path;

    private IcebergTypeMapping(Options options) {
        this.options = options;
    }

    /** The Iceberg fields of top-level Arrow fields, in order, ids numbered from 1. */
    public static List<NestedField> fields(List<Field> arrowFields, Options options) {
        IcebergTypeMapping mapping = new IcebergTypeMapping(options);
        List<NestedField> fields = new ArrayList<>(arrowFields.size());
        for (Field field : arrowFields) {
            fields.add(mapping.field(resolve(field)));
        }
        return fields;
    }

    /** The Iceberg type of one Arrow field (nested ids numbered from 1). */
    public static Type typeOf(Field arrowField, Options options) {
        return new IcebergTypeMapping(options).type(resolve(arrowField));
    }

    private static Column resolve(Field field) {
        try {
            return ColumnResolver.resolve(field);
        } catch (ArrowConversionException e) {
            throw new UnsupportedColumnException(e.getMessage() + " (see sink-iceberg/README.md \"Type mapping\")");
        }
    }

    private Type type(Column column) {
        path = column.path();
        return column.accept(this);
    }

    private NestedField field(Column column) {
        int id = ++lastId;
        Type type = type(column);
        return NestedField.of(id, column.nullable(), column.name(), type);
    }

    @Override
    public Type visitNull(ColumnKind.Null kind) {
        return Types.StringType.get();
    }

    @Override
    public Type visitBool(ColumnKind.Bool kind) {
        return Types.BooleanType.get();
    }

    @Override
    public Type visitInt(ColumnKind.Int kind) {
        return switch (kind.type()) {
            case INT8, INT16, INT32, UINT8, UINT16 -> Types.IntegerType.get();
            case INT64, UINT32 -> Types.LongType.get();
            case UINT64 -> options.uint64Mode() == Uint64Mode.INT64 ? Types.LongType.get()
                    : Types.DecimalType.of(UINT64_DECIMAL_PRECISION, 0);
        };
    }

    @Override
    public Type visitFloatingPoint(ColumnKind.FloatingPoint kind) {
        return switch (kind.precision()) {
            case HALF, SINGLE -> Types.FloatType.get();
            case DOUBLE -> Types.DoubleType.get();
        };
    }

    @Override
    public Type visitDecimal(ColumnKind.Decimal kind) {
        if (kind.scale() < 0 || kind.scale() > kind.precision()) {
            throw new UnsupportedColumnException("column '" + path + "' has Arrow type " + kind.label() + " (scale outside"
                    + " 0..precision), which the Iceberg sink does not map; cast it in the query");
        }
        // beyond 38 digits Iceberg has no decimal: the exact text keeps every digit and every reader can cast it
        return kind.precision() <= MAX_DECIMAL_PRECISION ? Types.DecimalType.of(kind.precision(), kind.scale())
                : Types.StringType.get();
    }

    @Override
    public Type visitUtf8(ColumnKind.Utf8 kind) {
        return Types.StringType.get();
    }

    @Override
    public Type visitBinary(ColumnKind.Binary kind) {
        return Types.BinaryType.get();
    }

    @Override
    public Type visitFixedSizeBinary(ColumnKind.FixedSizeBinary kind) {
        return Types.FixedType.ofLength(kind.byteWidth());
    }

    @Override
    public Type visitDate(ColumnKind.Date kind) {
        return Types.DateType.get();
    }

    @Override
    public Type visitTime(ColumnKind.Time kind) {
        return Types.TimeType.get();
    }

    @Override
    public Type visitTimestamp(ColumnKind.Timestamp kind) {
        boolean zoned = kind.timezone() != null;
        if (kind.unit() == TimeUnit.NANOSECOND && options.formatVersion() >= 3) {
            return zoned ? Types.TimestampNanoType.withZone() : Types.TimestampNanoType.withoutZone();
        }
        return zoned ? Types.TimestampType.withZone() : Types.TimestampType.withoutZone();
    }

    @Override
    public Type visitList(ColumnKind.List kind) {
        int elementId = ++lastId;
        Type elementType = type(kind.element());
        return kind.element().nullable() ? Types.ListType.ofOptional(elementId, elementType)
                : Types.ListType.ofRequired(elementId, elementType);
    }

    @Override
    public Type visitStruct(ColumnKind.Struct kind) {
        List<NestedField> children = new ArrayList<>(kind.children().size());
        for (Column child : kind.children()) {
            children.add(field(child));
        }
        return Types.StructType.of(children);
    }

    @Override
    public Type visitMap(ColumnKind.Map kind) {
        int keyId = ++lastId;
        int valueId = ++lastId;
        Type keyType = type(kind.key());
        Type valueType = type(kind.value());
        return kind.value().nullable() ? Types.MapType.ofOptional(keyId, valueId, keyType, valueType)
                : Types.MapType.ofRequired(keyId, valueId, keyType, valueType);
    }
}
