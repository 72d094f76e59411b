package dev.ampconnect.common.sink.batch;

import dev.ampconnect.common.arrow.SchemaConventions;
import org.apache.kafka.connect.data.Schema;

/**
 * Reads the Connect logical types and the TYPES.md conventions ({@link SchemaConventions}) off a schema,
 * for the Connect -> Arrow direction and for stores mapping columns.
 */
public final class AmpSchemaNames {

    /** INT64 nanoseconds since the epoch, UTC. */
    public static final String TIMESTAMP_NANOS = SchemaConventions.TIMESTAMP_NANOS_NAME;
    /** BYTES parameter: the fixed size in bytes. */
    public static final String FIXED_SIZE = SchemaConventions.FIXED_SIZE;
    /** Decimal parameter: the precision. */
    public static final String DECIMAL_PRECISION = SchemaConventions.DECIMAL_PRECISION;

    private AmpSchemaNames() {
    }

    /** The fixed size of a BYTES schema, or -1 when it is variable-size. */
    public static int fixedSize(Schema schema) {
        return schema.type() == Schema.Type.BYTES ? SchemaConventions.fixedSize(schema) : -1;
    }

    /** The declared precision of a Decimal schema, or -1 when absent. */
    public static int decimalPrecision(Schema schema) {
        return SchemaConventions.decimalPrecision(schema);
    }

    /** The scale of a Decimal schema. */
    public static int decimalScale(Schema schema) {
        String scale = schema.parameters() == null ? null
                : schema.parameters().get(org.apache.kafka.connect.data.Decimal.SCALE_FIELD);
        return scale == null ? 0 : Integer.parseInt(scale);
    }

    /** Whether the schema is a Connect Decimal. */
    public static boolean isDecimal(Schema schema) {
        return org.apache.kafka.connect.data.Decimal.LOGICAL_NAME.equals(schema.name());
    }

    /** Whether the schema is a Connect Timestamp (milliseconds). */
    public static boolean isTimestamp(Schema schema) {
        return org.apache.kafka.connect.data.Timestamp.LOGICAL_NAME.equals(schema.name());
    }

    /** Whether the schema is the nanosecond timestamp of TYPES.md. */
    public static boolean isTimestampNanos(Schema schema) {
        return SchemaConventions.isTimestampNanos(schema);
    }

    /** Whether the schema is a Connect Date. */
    public static boolean isDate(Schema schema) {
        return org.apache.kafka.connect.data.Date.LOGICAL_NAME.equals(schema.name());
    }

    /** Whether the schema is a Connect Time (milliseconds). */
    public static boolean isTime(Schema schema) {
        return org.apache.kafka.connect.data.Time.LOGICAL_NAME.equals(schema.name());
    }
}
