package dev.ampconnect.sink.clickhouse;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The ClickHouse column type an auto-created (or evolved) table gets for an Arrow column, keyed by the
 * column's Arrow type alone (sink-clickhouse/README.md "Type mapping"):
 *
 * <table>
 *   <caption>Arrow to ClickHouse</caption>
 *   <tr><th>Arrow</th><th>ClickHouse</th></tr>
 *   <tr><td>Bool</td><td>Bool</td></tr>
 *   <tr><td>Int(8..64, signed / unsigned)</td><td>Int8..Int64 / UInt8..UInt64</td></tr>
 *   <tr><td>FloatingPoint half, single / double</td><td>Float32 / Float64</td></tr>
 *   <tr><td>Utf8, LargeUtf8, Utf8View</td><td>String</td></tr>
 *   <tr><td>Binary, LargeBinary, BinaryView</td><td>String (bytes as they are)</td></tr>
 *   <tr><td>FixedSizeBinary(n)</td><td>FixedString(n)</td></tr>
 *   <tr><td>Decimal128(p,s), Decimal256(p,s)</td><td>Decimal(p, s) (ClickHouse holds p up to 76, like Arrow)</td></tr>
 *   <tr><td>Timestamp(s|ms|us|ns, any zone)</td><td>DateTime64(0|3|6|9, 'UTC')</td></tr>
 *   <tr><td>Date32, Date64</td><td>Date32</td></tr>
 *   <tr><td>Time32, Time64</td><td>Int64: nanoseconds since midnight, see {@link #TIME_UNIT_OF_DAY}</td></tr>
 *   <tr><td>List, LargeList, FixedSizeList</td><td>Array(element)</td></tr>
 *   <tr><td>Struct</td><td>Tuple(name type, ...) (named)</td></tr>
 *   <tr><td>Map</td><td>Map(key, value)</td></tr>
 *   <tr><td>Null</td><td>Nullable(String), always NULL</td></tr>
 * </table>
 *
 * A nullable Arrow field becomes {@code Nullable(T)} where ClickHouse allows it: scalars, also inside
 * arrays, tuples and map values. ClickHouse has no {@code Nullable} around {@code Array}, {@code Tuple} or
 * {@code Map}, nor for map keys: those columns are not nullable, and a NULL arriving in one is a rejected row
 * naming the column (never silently turned into an empty value).
 *
 * <p>{@code rows}-format records carry unsigned integers widened (UInt8..UInt32 to the next signed width,
 * UInt64 as Decimal(20,0)) and name the source type in the field's {@code amp.arrow.type} parameter
 * (connect-common TYPES.md); {@link #columnType(Field, String)} honours that hint so both record formats
 * create the same table.
 *
 * <p>Self-contained on purpose: when connect-common resolves Arrow fields to a sealed column kind, this
 * class becomes a switch over that kind.
 */
final class ChTypeMapping {

    /**
     * How a time-of-day column is stored (ClickHouse's Time64 is still experimental): one unit whatever the Arrow
     * unit, so a column fed by both record formats (Time32(ms) in rows, the server's Time64(us) in arrow) holds one
     * meaning.
     */
    static final String TIME_UNIT_OF_DAY = "nanoseconds since midnight";
    /** Largest precision ClickHouse's Decimal takes. */
    static final int MAX_DECIMAL_PRECISION = 76;

    private ChTypeMapping() {
    }

    /** The column type of {@code field}, ignoring any source-type hint. */
    static ChType columnType(Field field) {
        return columnType(field, null);
    }

    /**
     * The column type of {@code field}.
     *
     * @param sourceHint the field's {@code amp.arrow.type} ({@code uint8} ... {@code uint64}), or {@code null}
     * @throws IllegalArgumentException naming the column when ClickHouse has no type for it
     */
    static ChType columnType(Field field, String sourceHint) {
        ChType base = hinted(field.getType(), sourceHint);
        if (base == null) {
            base = baseType(field);
        }
        return field.isNullable() && canBeNullable(base) ? ChType.nullable(base) : base;
    }

    /** Whether ClickHouse allows {@code Nullable(type)}. */
    static boolean canBeNullable(ChType type) {
        return switch (type.name()) {
            case "Array", "Tuple", "Map", "Nullable", "LowCardinality" -> false;
            default -> true;
        };
    }

    private static ChType hinted(ArrowType arrowType, String hint) {
        if (hint == null) {
            return null;
        }
        return switch (hint) {
            case "uint8" -> arrowType instanceof ArrowType.Int ? ChType.of("UInt8") : null;
            case "uint16" -> arrowType instanceof ArrowType.Int ? ChType.of("UInt16") : null;
            case "uint32" -> arrowType instanceof ArrowType.Int ? ChType.of("UInt32") : null;
            case "uint64" -> arrowType instanceof ArrowType.Decimal || arrowType instanceof ArrowType.Int
                    ? ChType.of("UInt64") : null;
            default -> null;
        };
    }

    private static ChType baseType(Field field) {
        ArrowType type = field.getType();
        switch (type.getTypeID()) {
            case Bool:
                return ChType.of("Bool");
            case Int: {
                ArrowType.Int integer = (ArrowType.Int) type;
                return ChType.of((integer.getIsSigned() ? "Int" : "UInt") + integer.getBitWidth());
            }
            case FloatingPoint:
                return ChType.of(((ArrowType.FloatingPoint) type).getPrecision()
                        == org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE ? "Float64" : "Float32");
            case Utf8:
            case LargeUtf8:
            case Utf8View:
            case Binary:
            case LargeBinary:
            case BinaryView:
                return ChType.of("String");
            case FixedSizeBinary:
                return ChType.withLiterals("FixedString", Integer.toString(((ArrowType.FixedSizeBinary) type).getByteWidth()));
            case Decimal: {
                ArrowType.Decimal decimal = (ArrowType.Decimal) type;
                if (decimal.getPrecision() > MAX_DECIMAL_PRECISION || decimal.getScale() < 0
                        || decimal.getScale() > decimal.getPrecision()) {
                    throw unsupported(field, "ClickHouse's Decimal takes precision 1..76 and scale 0..precision");
                }
                return ChType.withLiterals("Decimal", Integer.toString(decimal.getPrecision()),
                        Integer.toString(decimal.getScale()));
            }
            case Timestamp:
                return ChType.withLiterals("DateTime64", Integer.toString(digits(((ArrowType.Timestamp) type).getUnit())), "'UTC'");
            case Date:
                return ChType.of("Date32");
            case Time:
                return ChType.of("Int64");
            case List:
            case LargeList:
            case FixedSizeList:
                return ChType.withTypes("Array", List.of(columnType(field.getChildren().get(0))));
            case Struct: {
                List<ChType> elements = new ArrayList<>();
                for (Field child : field.getChildren()) {
                    elements.add(columnType(child).named(child.getName()));
                }
                if (elements.isEmpty()) {
                    throw unsupported(field, "ClickHouse has no empty Tuple column");
                }
                return ChType.withTypes("Tuple", elements);
            }
            case Map: {
                Field entries = field.getChildren().get(0);
                ChType key = baseType(entries.getChildren().get(0));
                if (!canBeNullable(key)) {
                    throw unsupported(field, "ClickHouse map keys must be scalar, got " + key);
                }
                return ChType.withTypes("Map", List.of(key, columnType(entries.getChildren().get(1))));
            }
            case Null:
                return ChType.of("String");
            default:
                throw unsupported(field, "no ClickHouse column type for it; cast it in the query");
        }
    }

    /** Digits of sub-second precision of a DateTime64 holding {@code unit}. */
    static int digits(TimeUnit unit) {
        return switch (unit) {
            case SECOND -> 0;
            case MILLISECOND -> 3;
            case MICROSECOND -> 6;
            case NANOSECOND -> 9;
        };
    }

    private static IllegalArgumentException unsupported(Field field, String why) {
        return new IllegalArgumentException("column '" + field.getName() + "' (Arrow " + field.getType() + "): " + why);
    }
}
