package dev.ampconnect.common.arrow.column;

import java.util.Objects;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;

/**
 * What an Arrow column holds, as amp-connect handles it (TYPES.md): one record per kind, with the parameters
 * that change how its values are read (bit width, unit, offsets layout, precision and scale, children).
 * {@link ColumnResolver} is the only place that looks at an Arrow type; everything downstream (the source's
 * row reader, the Connect schema mapper, the sink base's row writer, every store's encoder) works from
 * these kinds.
 *
 * <p>Code that handles columns implements {@link Visitor}: one method per kind, so adding a kind here is
 * a compile error in every encoder until it says what to do with it. Variants inside a kind are Java
 * enums ({@link IntType}, {@link VarWidthLayout}, {@link ListLayout}, Arrow's {@link TimeUnit},
 * {@link DateUnit}, {@link FloatingPointPrecision}), which a {@code switch} expression covers exhaustively
 * too (no {@code default}).
 */
public sealed interface ColumnKind permits ColumnKind.Null, ColumnKind.Bool, ColumnKind.Int, ColumnKind.FloatingPoint,
        ColumnKind.Decimal, ColumnKind.Utf8, ColumnKind.Binary, ColumnKind.FixedSizeBinary, ColumnKind.Date,
        ColumnKind.Time, ColumnKind.Timestamp, ColumnKind.List, ColumnKind.Struct, ColumnKind.Map {

    /** Calls the visitor's method for this kind. */
    <R> R accept(Visitor<R> visitor);

    /**
     * The {@code amp.arrow.type} spelling of this kind: {@code uint64}, {@code fixed_size_binary(32)},
     * {@code timestamp(ns,+00:00)}, ... (TYPES.md).
     */
    String label();

    /**
     * One method per kind. Implementations decide once per column what to do with it (typically: bind an
     * encoder to the column's vector), never per value.
     *
     * @param <R> what the visitor builds for a column
     */
    interface Visitor<R> {
        R visitNull(Null kind);

        R visitBool(Bool kind);

        R visitInt(Int kind);

        R visitFloatingPoint(FloatingPoint kind);

        R visitDecimal(Decimal kind);

        R visitUtf8(Utf8 kind);

        R visitBinary(Binary kind);

        R visitFixedSizeBinary(FixedSizeBinary kind);

        R visitDate(Date kind);

        R visitTime(Time kind);

        R visitTimestamp(Timestamp kind);

        R visitList(List kind);

        R visitStruct(Struct kind);

        R visitMap(Map kind);
    }

    /** Arrow {@code Null}: every value is null ({@code NullVector}). */
    record Null() implements ColumnKind {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitNull(this);
        }

        @Override
        public String label() {
            return "null";
        }
    }

    /** Arrow {@code Bool} ({@code BitVector}). */
    record Bool() implements ColumnKind {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitBool(this);
        }

        @Override
        public String label() {
            return "bool";
        }
    }

    /** The eight Arrow integer types, by width and signedness. */
    enum IntType {
        /** {@code TinyIntVector}. */
        INT8(8, true),
        /** {@code SmallIntVector}. */
        INT16(16, true),
        /** {@code IntVector}. */
        INT32(32, true),
        /** {@code BigIntVector}. */
        INT64(64, true),
        /** {@code UInt1Vector}. */
        UINT8(8, false),
        /** {@code UInt2Vector}. */
        UINT16(16, false),
        /** {@code UInt4Vector}. */
        UINT32(32, false),
        /** {@code UInt8Vector}: the only integer type whose values do not all fit a Java {@code long}. */
        UINT64(64, false);

        private final int bitWidth;
        private final boolean signed;

        IntType(int bitWidth, boolean signed) {
            this.bitWidth = bitWidth;
            this.signed = signed;
        }

        /** 8, 16, 32 or 64. */
        public int bitWidth() {
            return bitWidth;
        }

        /** Whether values are two's complement (else unsigned). */
        public boolean signed() {
            return signed;
        }

        /** The type of that width and signedness, or {@code null} when Arrow has none. */
        static IntType of(int bitWidth, boolean signed) {
            for (IntType type : values()) {
                if (type.bitWidth == bitWidth && type.signed == signed) {
                    return type;
                }
            }
            return null;
        }
    }

    /** Arrow {@code Int}: signed or unsigned, 8 to 64 bits. */
    record Int(IntType type) implements ColumnKind {
        public Int {
            Objects.requireNonNull(type, "type");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitInt(this);
        }

        @Override
        public String label() {
            return (type.signed() ? "int" : "uint") + type.bitWidth();
        }
    }

    /** Arrow {@code FloatingPoint}: {@code Float2Vector}, {@code Float4Vector}, {@code Float8Vector}. */
    record FloatingPoint(FloatingPointPrecision precision) implements ColumnKind {
        public FloatingPoint {
            Objects.requireNonNull(precision, "precision");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitFloatingPoint(this);
        }

        @Override
        public String label() {
            return switch (precision) {
                case HALF -> "float16";
                case SINGLE -> "float32";
                case DOUBLE -> "float64";
            };
        }
    }

    /**
     * Arrow {@code Decimal128} ({@code DecimalVector}) or {@code Decimal256} ({@code Decimal256Vector}). The
     * scale is Arrow's and may lie outside {@code 0..precision}; the Connect mapping refuses that, a store
     * may not.
     *
     * @param bitWidth 128 or 256
     */
    record Decimal(int precision, int scale, int bitWidth) implements ColumnKind {
        public Decimal {
            if (bitWidth != 128 && bitWidth != 256) {
                throw new IllegalArgumentException("decimal bit width must be 128 or 256, got " + bitWidth);
            }
        }

        /** Whether this is a Decimal256 (else a Decimal128). */
        public boolean is256() {
            return bitWidth == 256;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitDecimal(this);
        }

        @Override
        public String label() {
            return "decimal" + bitWidth + "(" + precision + "," + scale + ")";
        }
    }

    /** How a variable-width column (strings, binaries) stores its values. */
    enum VarWidthLayout {
        /** 32-bit offsets: {@code VarCharVector}, {@code VarBinaryVector}. */
        REGULAR,
        /** 64-bit offsets: {@code LargeVarCharVector}, {@code LargeVarBinaryVector}. */
        LARGE,
        /** Views: {@code ViewVarCharVector}, {@code ViewVarBinaryVector}. */
        VIEW
    }

    /** Arrow {@code Utf8}, {@code LargeUtf8} or {@code Utf8View}. */
    record Utf8(VarWidthLayout layout) implements ColumnKind {
        public Utf8 {
            Objects.requireNonNull(layout, "layout");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitUtf8(this);
        }

        @Override
        public String label() {
            return switch (layout) {
                case REGULAR -> "utf8";
                case LARGE -> "large_utf8";
                case VIEW -> "utf8_view";
            };
        }
    }

    /** Arrow {@code Binary}, {@code LargeBinary} or {@code BinaryView}. */
    record Binary(VarWidthLayout layout) implements ColumnKind {
        public Binary {
            Objects.requireNonNull(layout, "layout");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitBinary(this);
        }

        @Override
        public String label() {
            return switch (layout) {
                case REGULAR -> "binary";
                case LARGE -> "large_binary";
                case VIEW -> "binary_view";
            };
        }
    }

    /** Arrow {@code FixedSizeBinary(n)} ({@code FixedSizeBinaryVector}): hashes, addresses. */
    record FixedSizeBinary(int byteWidth) implements ColumnKind {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitFixedSizeBinary(this);
        }

        @Override
        public String label() {
            return "fixed_size_binary(" + byteWidth + ")";
        }
    }

    /** Arrow {@code Date32} (unit DAY, {@code DateDayVector}) or {@code Date64} (MILLISECOND, {@code DateMilliVector}). */
    record Date(DateUnit unit) implements ColumnKind {
        public Date {
            Objects.requireNonNull(unit, "unit");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitDate(this);
        }

        @Override
        public String label() {
            return switch (unit) {
                case DAY -> "date32";
                case MILLISECOND -> "date64";
            };
        }
    }

    /**
     * Arrow {@code Time32} (SECOND, MILLISECOND) or {@code Time64} (MICROSECOND, NANOSECOND): time of day,
     * one vector class per unit ({@code TimeSecVector} ... {@code TimeNanoVector}).
     */
    record Time(TimeUnit unit) implements ColumnKind {
        public Time {
            Objects.requireNonNull(unit, "unit");
        }

        /** 32 for seconds and milliseconds, 64 for micro- and nanoseconds. */
        public int bitWidth() {
            return switch (unit) {
                case SECOND, MILLISECOND -> 32;
                case MICROSECOND, NANOSECOND -> 64;
            };
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitTime(this);
        }

        @Override
        public String label() {
            return "time" + bitWidth() + "(" + unitLabel(unit) + ")";
        }
    }

    /**
     * Arrow {@code Timestamp(unit, timezone)} ({@code TimeStampVector}): a count of {@code unit}s since the
     * epoch, UTC whatever the zone (a zone only says how to display it).
     *
     * @param timezone the Arrow time zone, {@code null} when the timestamp has none
     */
    record Timestamp(TimeUnit unit, String timezone) implements ColumnKind {
        public Timestamp {
            Objects.requireNonNull(unit, "unit");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitTimestamp(this);
        }

        @Override
        public String label() {
            return "timestamp(" + unitLabel(unit) + (timezone == null ? "" : "," + timezone) + ")";
        }
    }

    /** How a list column stores its elements. */
    enum ListLayout {
        /** 32-bit offsets: {@code ListVector}. */
        REGULAR,
        /** 64-bit offsets: {@code LargeListVector}. */
        LARGE,
        /** {@code n} elements per value: {@code FixedSizeListVector}. */
        FIXED_SIZE
    }

    /**
     * Arrow {@code List}, {@code LargeList} or {@code FixedSizeList(n)} of one element column.
     *
     * @param fixedSize {@code n} for {@link ListLayout#FIXED_SIZE}, 0 otherwise
     * @param element   the element column (named as the producer named it, e.g. {@code item}; path {@code <list>[]})
     */
    record List(ListLayout layout, int fixedSize, Column element) implements ColumnKind {
        public List {
            Objects.requireNonNull(layout, "layout");
            Objects.requireNonNull(element, "element");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitList(this);
        }

        @Override
        public String label() {
            return switch (layout) {
                case REGULAR -> "list";
                case LARGE -> "large_list";
                case FIXED_SIZE -> "fixed_size_list(" + fixedSize + ")";
            };
        }
    }

    /**
     * Arrow {@code Struct} ({@code StructVector}).
     *
     * @param children the fields, in order (paths {@code <struct>.<field>})
     */
    record Struct(java.util.List<Column> children) implements ColumnKind {
        public Struct {
            children = java.util.List.copyOf(children);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitStruct(this);
        }

        @Override
        public String label() {
            return "struct";
        }
    }

    /**
     * Arrow {@code Map} ({@code MapVector}): a list of key/value entries.
     *
     * @param key        the key column (never null in Arrow; path {@code <map>{key}})
     * @param value      the value column (path {@code <map>{value}})
     * @param keysSorted whether the producer declared the keys sorted
     */
    record Map(Column key, Column value, boolean keysSorted) implements ColumnKind {
        public Map {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitMap(this);
        }

        @Override
        public String label() {
            return "map";
        }
    }

    /** The spelling of a time unit in labels and messages: {@code s}, {@code ms}, {@code us}, {@code ns}. */
    static String unitLabel(TimeUnit unit) {
        return switch (unit) {
            case SECOND -> "s";
            case MILLISECOND -> "ms";
            case MICROSECOND -> "us";
            case NANOSECOND -> "ns";
        };
    }
}
