package dev.ampconnect.common.sink.batch;

import org.apache.kafka.connect.data.Schema;

/**
 * The Connect schema names and parameters of TYPES.md that carry Arrow meaning (fixed-size binary,
 * decimal precision, nanosecond timestamps).
 */
public final class AmpSchemaNames {

    /** INT64 nanoseconds since the epoch, UTC. */
    public static final String TIMESTAMP_NANOS = "dev.ampconnect.TimestampNanos";
    /** Prefix of the BYTES schema name of a fixed-size binary, e.g. {@code dev.ampconnect.Fixed32}. */
    public static final String FIXED_PREFIX = "dev.ampconnect.Fixed";
    /** BYTES parameter: the fixed size in bytes. */
    public static final String FIXED_SIZE = "connect.fixed.size";
    /** Decimal parameter: the precision. */
    public static final String DECIMAL_PRECISION = "connect.decimal.precision";
    /** Parameter naming the Arrow type a schema came from. */
    public static final String ARROW_TYPE = "amp.arrow.type";

    private AmpSchemaNames() {
    }

    /** The fixed size of a BYTES schema, or -1 when it is variable-size. */
    public static int fixedSize(Schema schema) {
        if (schema.type() != Schema.Type.BYTES || schema.parameters() == null) {
            return -1;
        }
        String size = schema.parameters().get(FIXED_SIZE);
        return size == null ? -1 : Integer.parseInt(size);
    }

    /** The declared precision of a Decimal schema, or -1 when absent. */
    public static int decimalPrecision(Schema schema) {
        if (schema.parameters() == null) {
            return -1;
        }
        String precision = schema.parameters().get(DECIMAL_PRECISION);
        return precision == null ? -1 : Integer.parseInt(precision);
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
        return schema.type() == Schema.Type.INT64 && TIMESTAMP_NANOS.equals(schema.name());
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
