package dev.ampconnect.simulator.data;

import java.util.List;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/** Arrow fields with the types amp's EVM datasets use (docs/AMP_PROTOCOL.md "Typical schemas"). */
final class EvmFields {

    /** The time zone amp attaches to every timestamp column. */
    static final String UTC = "+00:00";

    private EvmFields() {
    }

    static Field uint64(String name) {
        return notNull(name, new ArrowType.Int(64, false));
    }

    static Field uint32(String name) {
        return notNull(name, new ArrowType.Int(32, false));
    }

    static Field int32(String name) {
        return notNull(name, new ArrowType.Int(32, true));
    }

    static Field timestamp(String name) {
        return notNull(name, new ArrowType.Timestamp(TimeUnit.NANOSECOND, UTC));
    }

    static Field hash(String name) {
        return notNull(name, new ArrowType.FixedSizeBinary(32));
    }

    static Field nullableHash(String name) {
        return nullable(name, new ArrowType.FixedSizeBinary(32));
    }

    static Field address(String name) {
        return notNull(name, new ArrowType.FixedSizeBinary(20));
    }

    static Field nullableAddress(String name) {
        return nullable(name, new ArrowType.FixedSizeBinary(20));
    }

    static Field binary(String name) {
        return notNull(name, ArrowType.Binary.INSTANCE);
    }

    static Field utf8(String name) {
        return notNull(name, ArrowType.Utf8.INSTANCE);
    }

    /** Decimal128(38, 0): gas prices, base fees, difficulty. */
    static Field decimal128(String name, boolean nullable) {
        ArrowType type = new ArrowType.Decimal(38, 0, 128);
        return nullable ? nullable(name, type) : notNull(name, type);
    }

    /** Decimal256(76, 0): decoded uint126..uint251 values. */
    static Field decimal256(String name, boolean nullable) {
        ArrowType type = new ArrowType.Decimal(76, 0, 256);
        return nullable ? nullable(name, type) : notNull(name, type);
    }

    /** A non-null list of non-null {@code element}s; the element is named {@code item}, as arrow-rs names it. */
    static Field list(String name, Field element) {
        return new Field(name, FieldType.notNullable(ArrowType.List.INSTANCE), List.of(element));
    }

    static Field struct(String name, Field... children) {
        return new Field(name, FieldType.notNullable(ArrowType.Struct.INSTANCE), List.of(children));
    }

    private static Field notNull(String name, ArrowType type) {
        return new Field(name, FieldType.notNullable(type), null);
    }

    private static Field nullable(String name, ArrowType type) {
        return new Field(name, FieldType.nullable(type), null);
    }
}
