package dev.ampconnect.common.arrow;

import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** Short spellings of Arrow types and fields, so test schemas read like the tables in docs/AMP_PROTOCOL.md. */
final class ArrowFields {

    static final ArrowType BOOL = ArrowType.Bool.INSTANCE;
    static final ArrowType INT8 = new ArrowType.Int(8, true);
    static final ArrowType INT16 = new ArrowType.Int(16, true);
    static final ArrowType INT32 = new ArrowType.Int(32, true);
    static final ArrowType INT64 = new ArrowType.Int(64, true);
    static final ArrowType UINT8 = new ArrowType.Int(8, false);
    static final ArrowType UINT16 = new ArrowType.Int(16, false);
    static final ArrowType UINT32 = new ArrowType.Int(32, false);
    static final ArrowType UINT64 = new ArrowType.Int(64, false);
    static final ArrowType FLOAT16 = new ArrowType.FloatingPoint(FloatingPointPrecision.HALF);
    static final ArrowType FLOAT32 = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
    static final ArrowType FLOAT64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    static final ArrowType UTF8 = ArrowType.Utf8.INSTANCE;
    static final ArrowType LARGE_UTF8 = ArrowType.LargeUtf8.INSTANCE;
    static final ArrowType UTF8_VIEW = ArrowType.Utf8View.INSTANCE;
    static final ArrowType BINARY = ArrowType.Binary.INSTANCE;
    static final ArrowType LARGE_BINARY = ArrowType.LargeBinary.INSTANCE;
    static final ArrowType BINARY_VIEW = ArrowType.BinaryView.INSTANCE;
    static final ArrowType FIXED20 = new ArrowType.FixedSizeBinary(20);
    static final ArrowType FIXED32 = new ArrowType.FixedSizeBinary(32);
    static final ArrowType DECIMAL128_38_0 = new ArrowType.Decimal(38, 0, 128);
    static final ArrowType DECIMAL256_76_0 = new ArrowType.Decimal(76, 0, 256);
    static final ArrowType TIMESTAMP_NS_UTC = new ArrowType.Timestamp(TimeUnit.NANOSECOND, "+00:00");
    static final ArrowType DATE32 = new ArrowType.Date(DateUnit.DAY);
    static final ArrowType DATE64 = new ArrowType.Date(DateUnit.MILLISECOND);
    static final ArrowType LIST = ArrowType.List.INSTANCE;
    static final ArrowType LARGE_LIST = ArrowType.LargeList.INSTANCE;
    static final ArrowType STRUCT = ArrowType.Struct.INSTANCE;
    static final ArrowType NULL = ArrowType.Null.INSTANCE;

    private ArrowFields() {
    }

    static ArrowType decimal(int precision, int scale, int bitWidth) {
        return new ArrowType.Decimal(precision, scale, bitWidth);
    }

    static ArrowType timestamp(TimeUnit unit, String zone) {
        return new ArrowType.Timestamp(unit, zone);
    }

    static ArrowType time(TimeUnit unit) {
        return new ArrowType.Time(unit, unit == TimeUnit.SECOND || unit == TimeUnit.MILLISECOND ? 32 : 64);
    }

    static ArrowType fixedSizeList(int size) {
        return new ArrowType.FixedSizeList(size);
    }

    /** A non-nullable field. */
    static Field required(String name, ArrowType type, Field... children) {
        return new Field(name, new FieldType(false, type, null), Arrays.asList(children));
    }

    /** A nullable field. */
    static Field nullable(String name, ArrowType type, Field... children) {
        return new Field(name, FieldType.nullable(type), Arrays.asList(children));
    }

    /** A list column of {@code element}s (Arrow names the element field {@code item}). */
    static Field listOf(String name, boolean nullable, Field element) {
        return new Field(name, new FieldType(nullable, LIST, null), List.of(element));
    }

    /** A map column; Arrow requires non-nullable keys under a non-nullable {@code entries} struct. */
    static Field mapOf(String name, boolean nullable, ArrowType keyType, Field value) {
        Field entries = required("entries", STRUCT, required("key", keyType), value);
        return new Field(name, new FieldType(nullable, new ArrowType.Map(false), null), List.of(entries));
    }

    static Schema schema(Field... fields) {
        return new Schema(Arrays.asList(fields));
    }
}
