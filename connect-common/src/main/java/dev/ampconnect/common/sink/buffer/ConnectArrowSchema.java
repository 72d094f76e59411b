package dev.ampconnect.common.sink.buffer;

import dev.ampconnect.common.sink.batch.AmpSchemaNames;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

/**
 * Connect schema -> Arrow schema, as TYPES.md "Connect -> Arrow" specifies: signed ints, floats, Bool,
 * Utf8, Binary (FixedSizeBinary with {@code connect.fixed.size}), Decimal128 up to precision 38 else
 * Decimal256 (absent precision -> 76), Timestamp(ms, UTC), TimestampNanos -> Timestamp(ns, UTC), Date32,
 * Time32(ms), List, Struct, Map. Optional schemas become nullable fields.
 */
public final class ConnectArrowSchema {

    /** Largest precision Decimal128 holds. */
    static final int DECIMAL128_MAX_PRECISION = 38;
    /** Precision used when a Decimal schema does not declare one. */
    static final int DEFAULT_DECIMAL_PRECISION = 76;
    static final String UTC = "UTC";

    private ConnectArrowSchema() {
    }

    /** The Arrow schema of a Connect struct schema's fields. */
    public static org.apache.arrow.vector.types.pojo.Schema of(Schema struct) {
        if (struct.type() != Schema.Type.STRUCT) {
            throw new DataException("a row schema must be a STRUCT, got " + struct.type());
        }
        List<Field> fields = new ArrayList<>(struct.fields().size());
        for (org.apache.kafka.connect.data.Field field : struct.fields()) {
            fields.add(field(field.name(), field.schema()));
        }
        return new org.apache.arrow.vector.types.pojo.Schema(fields);
    }

    /** The Arrow field of one Connect field. */
    public static Field field(String name, Schema schema) {
        boolean nullable = schema.isOptional();
        switch (schema.type()) {
            case ARRAY:
                return new Field(name, new FieldType(nullable, ArrowType.List.INSTANCE, null),
                        List.of(field("item", schema.valueSchema())));
            case MAP: {
                Field key = field(org.apache.arrow.vector.complex.MapVector.KEY_NAME, schema.keySchema());
                // Arrow map keys are never null
                key = new Field(key.getName(), new FieldType(false, key.getType(), null), key.getChildren());
                Field value = field(org.apache.arrow.vector.complex.MapVector.VALUE_NAME, schema.valueSchema());
                Field entries = new Field(org.apache.arrow.vector.complex.MapVector.DATA_VECTOR_NAME,
                        new FieldType(false, ArrowType.Struct.INSTANCE, null), List.of(key, value));
                return new Field(name, new FieldType(nullable, new ArrowType.Map(false), null), List.of(entries));
            }
            case STRUCT: {
                List<Field> children = new ArrayList<>();
                for (org.apache.kafka.connect.data.Field child : schema.fields()) {
                    children.add(field(child.name(), child.schema()));
                }
                return new Field(name, new FieldType(nullable, ArrowType.Struct.INSTANCE, null), children);
            }
            default:
                return new Field(name, new FieldType(nullable, primitive(schema), null), null);
        }
    }

    /** The Arrow type of a primitive (non-nested) Connect schema. */
    static ArrowType primitive(Schema schema) {
        if (AmpSchemaNames.isDecimal(schema)) {
            int scale = AmpSchemaNames.decimalScale(schema);
            int precision = AmpSchemaNames.decimalPrecision(schema);
            if (precision < 0) {
                return new ArrowType.Decimal(DEFAULT_DECIMAL_PRECISION, scale, 256);
            }
            return new ArrowType.Decimal(precision, scale, precision <= DECIMAL128_MAX_PRECISION ? 128 : 256);
        }
        if (AmpSchemaNames.isTimestamp(schema)) {
            return new ArrowType.Timestamp(TimeUnit.MILLISECOND, UTC);
        }
        if (AmpSchemaNames.isTimestampNanos(schema)) {
            return new ArrowType.Timestamp(TimeUnit.NANOSECOND, UTC);
        }
        if (AmpSchemaNames.isDate(schema)) {
            return new ArrowType.Date(DateUnit.DAY);
        }
        if (AmpSchemaNames.isTime(schema)) {
            return new ArrowType.Time(TimeUnit.MILLISECOND, 32);
        }
        switch (schema.type()) {
            case INT8:
                return new ArrowType.Int(8, true);
            case INT16:
                return new ArrowType.Int(16, true);
            case INT32:
                return new ArrowType.Int(32, true);
            case INT64:
                return new ArrowType.Int(64, true);
            case FLOAT32:
                return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case FLOAT64:
                return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case BOOLEAN:
                return ArrowType.Bool.INSTANCE;
            case STRING:
                return ArrowType.Utf8.INSTANCE;
            case BYTES: {
                int size = AmpSchemaNames.fixedSize(schema);
                return size >= 0 ? new ArrowType.FixedSizeBinary(size) : ArrowType.Binary.INSTANCE;
            }
            default:
                throw new DataException("no Arrow type for Connect schema " + schema.type());
        }
    }
}
