package dev.ampconnect.common.arrow;

import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * The {@code amp.arrow.type} spelling of an Arrow type ({@code uint64}, {@code fixed_size_binary(32)},
 * {@code timestamp(ns,+00:00)}, ...): short, stable, and enough for a sink to pick its tightest column type.
 */
final class ArrowTypeLabel {

    private ArrowTypeLabel() {
    }

    static String of(ArrowType type) {
        return switch (type.getTypeID()) {
            case Null -> "null";
            case Bool -> "bool";
            case Int -> {
                ArrowType.Int integer = (ArrowType.Int) type;
                yield (integer.getIsSigned() ? "int" : "uint") + integer.getBitWidth();
            }
            case FloatingPoint -> switch (((ArrowType.FloatingPoint) type).getPrecision()) {
                case HALF -> "float16";
                case SINGLE -> "float32";
                case DOUBLE -> "float64";
            };
            case Utf8 -> "utf8";
            case LargeUtf8 -> "large_utf8";
            case Utf8View -> "utf8_view";
            case Binary -> "binary";
            case LargeBinary -> "large_binary";
            case BinaryView -> "binary_view";
            case FixedSizeBinary -> "fixed_size_binary(" + ((ArrowType.FixedSizeBinary) type).getByteWidth() + ")";
            case Decimal -> {
                ArrowType.Decimal decimal = (ArrowType.Decimal) type;
                yield "decimal" + decimal.getBitWidth() + "(" + decimal.getPrecision() + "," + decimal.getScale() + ")";
            }
            case Timestamp -> {
                ArrowType.Timestamp timestamp = (ArrowType.Timestamp) type;
                String zone = timestamp.getTimezone();
                yield "timestamp(" + unit(timestamp.getUnit()) + (zone == null ? "" : "," + zone) + ")";
            }
            case Date -> switch (((ArrowType.Date) type).getUnit()) {
                case DAY -> "date32";
                case MILLISECOND -> "date64";
            };
            case Time -> {
                ArrowType.Time time = (ArrowType.Time) type;
                yield "time" + time.getBitWidth() + "(" + unit(time.getUnit()) + ")";
            }
            case List -> "list";
            case LargeList -> "large_list";
            case FixedSizeList -> "fixed_size_list(" + ((ArrowType.FixedSizeList) type).getListSize() + ")";
            case Struct -> "struct";
            case Map -> "map";
            default -> type.toString();
        };
    }

    static String unit(TimeUnit unit) {
        return switch (unit) {
            case SECOND -> "s";
            case MILLISECOND -> "ms";
            case MICROSECOND -> "us";
            case NANOSECOND -> "ns";
        };
    }
}
