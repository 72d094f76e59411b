package dev.ampconnect.sink.clickhouse;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthViewVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Builds the RowBinary writer of an Arrow vector for a ClickHouse column type: straight from the vector's
 * buffers (fixed-width values and decimals byte-copied, strings copied from the data buffer), with the
 * conversions an existing table may need (wider integers, UInt64 carried as Decimal(20,0), more decimal or
 * DateTime64 digits, Nullable or not, LowCardinality). A vector/type pair it cannot write exactly gives
 * {@code null}, which is what "compatible" means for an existing column. Values that do not fit (out of
 * range, sub-precision digits, NULL in a non-Nullable column) are rejected per row, never altered.
 *
 * <p>RowBinary per type: integers and floats little-endian at their width; Bool one byte; String a LEB128
 * length then bytes; FixedString(n) n bytes; Decimal(P,S) the unscaled value as Int32/64/128/256 by P;
 * DateTime64(P) Int64 ticks of 10^-P s; Date32 Int32 days; Nullable a 0/1 byte before the value;
 * Array and Map a LEB128 count then the elements (Map: key, value); Tuple its elements in order.
 */
final class RowBinaryWriters {

    private RowBinaryWriters() {
    }

    /** The writer of {@code vector}'s values as {@code target}, or {@code null} if it cannot write them exactly. */
    static RowBinaryValueWriter of(ValueVector vector, ChType target) {
        if (target.name().equals("LowCardinality")) {
            return of(vector, target.arguments().get(0));
        }
        if (target.isNullable()) {
            RowBinaryValueWriter inner = nonNull(vector, target.arguments().get(0));
            if (inner == null) {
                return null;
            }
            return (index, out) -> {
                if (vector.isNull(index)) {
                    out.int8(1);
                } else {
                    out.int8(0);
                    inner.write(index, out);
                }
            };
        }
        RowBinaryValueWriter value = nonNull(vector, target);
        if (value == null || (vector.getNullCount() == 0 && !(vector instanceof NullVector))) {
            return value;
        }
        return (index, out) -> {
            if (vector.isNull(index)) {
                throw new RejectedValue("NULL, but the column type " + target.sql() + " is not Nullable");
            }
            value.write(index, out);
        };
    }

    private static RowBinaryValueWriter nonNull(ValueVector vector, ChType target) {
        if (vector instanceof NullVector) {
            return (index, out) -> {
                throw new RejectedValue("NULL, but the column type " + target.sql() + " is not Nullable");
            };
        }
        switch (target.name()) {
            case "Bool":
                return vector instanceof BitVector bits ? (index, out) -> out.int8(bits.get(index)) : null;
            case "Int8": case "Int16": case "Int32": case "Int64": case "Int128": case "Int256":
            case "UInt8": case "UInt16": case "UInt32": case "UInt64": case "UInt128": case "UInt256":
                return integer(vector, IntegerType.of(target.name()));
            case "Float32":
                if (vector instanceof Float4Vector floats) {
                    return (index, out) -> out.int32(Float.floatToRawIntBits(floats.get(index)));
                }
                return vector instanceof Float2Vector halves
                        ? (index, out) -> out.int32(Float.floatToRawIntBits(halves.getValueAsFloat(index))) : null;
            case "Float64":
                if (vector instanceof Float8Vector doubles) {
                    return (index, out) -> out.int64(Double.doubleToRawLongBits(doubles.get(index)));
                }
                if (vector instanceof Float4Vector floats) {
                    return (index, out) -> out.int64(Double.doubleToRawLongBits(floats.get(index)));
                }
                return null;
            case "String":
                return string(vector);
            case "FixedString":
                return vector instanceof FixedSizeBinaryVector fixed && fixed.getByteWidth() == target.intLiteral(0)
                        ? (index, out) -> out.bytes(fixed.getDataBuffer(), (long) index * fixed.getByteWidth(), fixed.getByteWidth())
                        : null;
            case "Decimal":
                return decimal(vector, target.intLiteral(0), target.intLiteral(1));
            case "DateTime64":
                return vector instanceof TimeStampVector timestamps ? dateTime64(timestamps, target.intLiteral(0)) : null;
            case "Date32":
                return date32(vector);
            case "Array":
                return array(vector, target.arguments().get(0));
            case "Tuple":
                return vector instanceof StructVector struct ? tuple(struct, target.arguments()) : null;
            case "Map":
                return vector instanceof MapVector map ? map(map, target.arguments().get(0), target.arguments().get(1)) : null;
            default:
                return null;
        }
    }

    /** A ClickHouse integer type: width in bytes and signedness. */
    record IntegerType(String name, int width, boolean signed) {
        static IntegerType of(String name) {
            boolean signed = !name.startsWith("U");
            int bits = Integer.parseInt(name.substring(signed ? 3 : 4));
            return new IntegerType(name, bits / 8, signed);
        }
    }

    private static RowBinaryValueWriter integer(ValueVector vector, IntegerType target) {
        if (vector instanceof BaseIntVector ints && !(vector instanceof BitVector)) {
            boolean unsigned64 = vector instanceof UInt8Vector;
            return (index, out) -> writeLong(ints.getValueAsLong(index), unsigned64, target, out);
        }
        if (target.name().equals("Int64")) {
            RowBinaryValueWriter time = timeOfDay(vector);
            if (time != null) {
                return time;
            }
        }
        if (vector instanceof DecimalVector || vector instanceof Decimal256Vector) {
            ArrowType.Decimal type = (ArrowType.Decimal) vector.getField().getType();
            if (type.getScale() != 0) {
                return null;
            }
            ArrowBuf data = ((org.apache.arrow.vector.BaseFixedWidthVector) vector).getDataBuffer();
            int sourceWidth = type.getBitWidth() / 8;
            byte[] scratch = new byte[32];
            return (index, out) -> writeTwosComplement(data, (long) index * sourceWidth, sourceWidth, target.width(),
                    target.signed(), scratch, out);
        }
        return null;
    }

    /** A long (the bit pattern of an unsigned 64-bit value when {@code unsigned64}) as {@code target}. */
    static void writeLong(long value, boolean unsigned64, IntegerType target, ByteSink out) throws RejectedValue {
        boolean aboveLongMax = unsigned64 && value < 0;
        boolean negative = !unsigned64 && value < 0;
        if (negative && !target.signed()) {
            throw new RejectedValue(value + " does not fit " + target.name());
        }
        switch (target.width()) {
            case 1, 2, 4 -> {
                int bits = target.width() * 8;
                long min = target.signed() ? -(1L << (bits - 1)) : 0;
                long max = target.signed() ? (1L << (bits - 1)) - 1 : (1L << bits) - 1;
                if (aboveLongMax || value < min || value > max) {
                    throw new RejectedValue((aboveLongMax ? Long.toUnsignedString(value) : Long.toString(value))
                            + " does not fit " + target.name());
                }
                if (target.width() == 1) {
                    out.int8((int) value);
                } else if (target.width() == 2) {
                    out.int16((int) value);
                } else {
                    out.int32((int) value);
                }
            }
            case 8 -> {
                if (aboveLongMax && target.signed()) {
                    throw new RejectedValue(Long.toUnsignedString(value) + " does not fit " + target.name());
                }
                out.int64(value);
            }
            default -> out.extend(value, target.width(), negative);
        }
    }

    /**
     * A little-endian two's complement integer of {@code sourceWidth} bytes at {@code offset} as one of
     * {@code targetWidth} bytes, rejecting a value that does not fit (or is negative for an unsigned target).
     */
    static void writeTwosComplement(ArrowBuf data, long offset, int sourceWidth, int targetWidth, boolean signed,
                                    byte[] scratch, ByteSink out) throws RejectedValue {
        data.getBytes(offset, scratch, 0, sourceWidth);
        boolean negative = scratch[sourceWidth - 1] < 0;
        if (negative && !signed) {
            throw new RejectedValue(toBigInteger(scratch, sourceWidth) + " is negative, the column type is unsigned");
        }
        if (targetWidth >= sourceWidth) {
            out.bytes(scratch, 0, sourceWidth);
            byte fill = negative ? (byte) -1 : 0;
            for (int i = sourceWidth; i < targetWidth; i++) {
                out.int8(fill);
            }
            return;
        }
        byte fill = negative ? (byte) -1 : 0;
        boolean fits = !signed || (scratch[targetWidth - 1] < 0) == negative;
        for (int i = targetWidth; fits && i < sourceWidth; i++) {
            fits = scratch[i] == fill;
        }
        if (!fits) {
            throw new RejectedValue(toBigInteger(scratch, sourceWidth) + " does not fit " + (signed ? "a signed" : "an unsigned")
                    + " " + (targetWidth * 8) + "-bit column");
        }
        out.bytes(scratch, 0, targetWidth);
    }

    private static BigInteger toBigInteger(byte[] littleEndian, int width) {
        byte[] bigEndian = new byte[width];
        for (int i = 0; i < width; i++) {
            bigEndian[i] = littleEndian[width - 1 - i];
        }
        return new BigInteger(bigEndian);
    }

    /** A time of day of any Arrow unit as nanoseconds since midnight (one unit for every column, whatever fed it). */
    private static RowBinaryValueWriter timeOfDay(ValueVector vector) {
        if (vector instanceof TimeSecVector seconds) {
            return (index, out) -> out.int64(seconds.get(index) * 1_000_000_000L);
        }
        if (vector instanceof TimeMilliVector millis) {
            return (index, out) -> out.int64(millis.get(index) * 1_000_000L);
        }
        if (vector instanceof TimeMicroVector micros) {
            return (index, out) -> out.int64(micros.get(index) * 1_000L);
        }
        if (vector instanceof TimeNanoVector nanos) {
            return (index, out) -> out.int64(nanos.get(index));
        }
        return null;
    }

    private static RowBinaryValueWriter string(ValueVector vector) {
        if (vector instanceof BaseVariableWidthVector strings) {
            return (index, out) -> {
                int length = strings.getValueLength(index);
                out.varint(length);
                out.bytes(strings.getDataBuffer(), strings.getStartOffset(index), length);
            };
        }
        if (vector instanceof BaseLargeVariableWidthVector strings) {
            return (index, out) -> {
                ArrowBuf offsets = strings.getOffsetBuffer();
                long start = offsets.getLong((long) index * BaseLargeVariableWidthVector.OFFSET_WIDTH);
                int length = (int) (offsets.getLong((long) (index + 1) * BaseLargeVariableWidthVector.OFFSET_WIDTH) - start);
                out.varint(length);
                out.bytes(strings.getDataBuffer(), start, length);
            };
        }
        if (vector instanceof BaseVariableWidthViewVector views) {
            return (index, out) -> {
                byte[] value = views.get(index);
                out.varint(value.length);
                out.bytes(value, 0, value.length);
            };
        }
        if (vector instanceof FixedSizeBinaryVector fixed) {
            int width = fixed.getByteWidth();
            return (index, out) -> {
                out.varint(width);
                out.bytes(fixed.getDataBuffer(), (long) index * width, width);
            };
        }
        return null;
    }

    private static RowBinaryValueWriter decimal(ValueVector vector, int precision, int scale) {
        int targetWidth = precision <= 9 ? 4 : precision <= 18 ? 8 : precision <= 38 ? 16 : 32;
        if (vector instanceof DecimalVector || vector instanceof Decimal256Vector) {
            ArrowType.Decimal type = (ArrowType.Decimal) vector.getField().getType();
            if (type.getScale() != scale || type.getPrecision() > precision) {
                return null;
            }
            ArrowBuf data = ((org.apache.arrow.vector.BaseFixedWidthVector) vector).getDataBuffer();
            int sourceWidth = type.getBitWidth() / 8;
            if (sourceWidth == targetWidth) {
                return (index, out) -> out.bytes(data, (long) index * sourceWidth, sourceWidth);
            }
            byte[] scratch = new byte[32];
            return (index, out) -> writeTwosComplement(data, (long) index * sourceWidth, sourceWidth, targetWidth, true,
                    scratch, out);
        }
        if (vector instanceof BaseIntVector ints && !(vector instanceof BitVector)) {
            boolean unsigned64 = vector instanceof UInt8Vector;
            BigInteger factor = BigInteger.TEN.pow(scale);
            BigInteger limit = BigInteger.TEN.pow(precision);
            return (index, out) -> {
                long raw = ints.getValueAsLong(index);
                BigInteger value = unsigned64 ? new BigInteger(Long.toUnsignedString(raw)) : BigInteger.valueOf(raw);
                BigInteger unscaled = value.multiply(factor);
                if (unscaled.abs().compareTo(limit) >= 0) {
                    throw new RejectedValue(value + " does not fit Decimal(" + precision + ", " + scale + ")");
                }
                writeBigInteger(unscaled, targetWidth, out);
            };
        }
        return null;
    }

    private static void writeBigInteger(BigInteger value, int width, ByteSink out) {
        byte[] bigEndian = value.toByteArray();
        byte fill = value.signum() < 0 ? (byte) -1 : 0;
        for (int i = 0; i < width; i++) {
            int source = bigEndian.length - 1 - i;
            out.int8(source >= 0 ? bigEndian[source] : fill);
        }
    }

    private static RowBinaryValueWriter dateTime64(TimeStampVector timestamps, int precision) {
        int sourceDigits = ChTypeMapping.digits(((ArrowType.Timestamp) timestamps.getField().getType()).getUnit());
        if (precision >= sourceDigits) {
            long factor = pow10(precision - sourceDigits);
            if (factor == 1) {
                return (index, out) -> out.int64(timestamps.get(index));
            }
            return (index, out) -> {
                long value = timestamps.get(index);
                try {
                    out.int64(Math.multiplyExact(value, factor));
                } catch (ArithmeticException e) {
                    throw new RejectedValue("timestamp " + value + " overflows DateTime64(" + precision + ")");
                }
            };
        }
        long divisor = pow10(sourceDigits - precision);
        return (index, out) -> {
            long value = timestamps.get(index);
            if (value % divisor != 0) {
                throw new RejectedValue("timestamp " + value + " has digits below the column's DateTime64(" + precision
                        + ") precision; they would be lost");
            }
            out.int64(value / divisor);
        };
    }

    private static RowBinaryValueWriter date32(ValueVector vector) {
        if (vector instanceof DateDayVector days) {
            return (index, out) -> out.int32(days.get(index));
        }
        if (vector instanceof DateMilliVector millis) {
            return (index, out) -> {
                long value = millis.get(index);
                if (value % 86_400_000L != 0) {
                    throw new RejectedValue("Date64 " + value + " is not a UTC midnight; the time of day would be lost");
                }
                out.int32(Math.toIntExact(value / 86_400_000L));
            };
        }
        return null;
    }

    private static RowBinaryValueWriter array(ValueVector vector, ChType element) {
        if (vector instanceof MapVector) {
            return null;
        }
        if (vector instanceof ListVector list) {
            RowBinaryValueWriter elements = of(list.getDataVector(), element);
            if (elements == null) {
                return null;
            }
            return (index, out) -> {
                ArrowBuf offsets = list.getOffsetBuffer();
                int start = offsets.getInt((long) index * ListVector.OFFSET_WIDTH);
                int end = offsets.getInt((long) (index + 1) * ListVector.OFFSET_WIDTH);
                out.varint(end - start);
                for (int i = start; i < end; i++) {
                    elements.write(i, out);
                }
            };
        }
        if (vector instanceof LargeListVector list) {
            RowBinaryValueWriter elements = of(list.getDataVector(), element);
            if (elements == null) {
                return null;
            }
            return (index, out) -> {
                ArrowBuf offsets = list.getOffsetBuffer();
                long start = offsets.getLong((long) index * LargeListVector.OFFSET_WIDTH);
                long end = offsets.getLong((long) (index + 1) * LargeListVector.OFFSET_WIDTH);
                out.varint(end - start);
                for (long i = start; i < end; i++) {
                    elements.write(Math.toIntExact(i), out);
                }
            };
        }
        if (vector instanceof FixedSizeListVector list) {
            RowBinaryValueWriter elements = of(list.getDataVector(), element);
            if (elements == null) {
                return null;
            }
            int size = list.getListSize();
            return (index, out) -> {
                out.varint(size);
                for (int i = index * size; i < (index + 1) * size; i++) {
                    elements.write(i, out);
                }
            };
        }
        return null;
    }

    private static RowBinaryValueWriter tuple(StructVector struct, List<ChType> elements) {
        List<String> children = struct.getChildFieldNames();
        if (children.size() != elements.size()) {
            return null;
        }
        List<RowBinaryValueWriter> writers = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            ChType element = elements.get(i);
            String childName = element.elementName() != null ? element.elementName() : children.get(i);
            ValueVector child = struct.getChild(childName);
            RowBinaryValueWriter writer = child == null ? null : of(child, element);
            if (writer == null) {
                return null;
            }
            writers.add(writer);
        }
        RowBinaryValueWriter[] ordered = writers.toArray(new RowBinaryValueWriter[0]);
        return (index, out) -> {
            for (RowBinaryValueWriter writer : ordered) {
                writer.write(index, out);
            }
        };
    }

    private static RowBinaryValueWriter map(MapVector map, ChType keyType, ChType valueType) {
        StructVector entries = (StructVector) map.getDataVector();
        List<org.apache.arrow.vector.FieldVector> children = entries.getChildrenFromFields();
        if (children.size() != 2) {
            return null;
        }
        RowBinaryValueWriter keys = of(children.get(0), keyType);
        RowBinaryValueWriter values = of(children.get(1), valueType);
        if (keys == null || values == null) {
            return null;
        }
        return (index, out) -> {
            ArrowBuf offsets = map.getOffsetBuffer();
            int start = offsets.getInt((long) index * ListVector.OFFSET_WIDTH);
            int end = offsets.getInt((long) (index + 1) * ListVector.OFFSET_WIDTH);
            out.varint(end - start);
            for (int i = start; i < end; i++) {
                keys.write(i, out);
                values.write(i, out);
            }
        };
    }

    private static long pow10(int exponent) {
        long value = 1;
        for (int i = 0; i < exponent; i++) {
            value *= 10;
        }
        return value;
    }
}
