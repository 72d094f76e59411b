package dev.ampconnect.common.arrow;

import org.apache.kafka.connect.data.Schema;

/**
 * Schema names and parameters that carry Arrow meaning through a Connect schema (TYPES.md). The only
 * place they are spelled: the Arrow -> Connect mapper writes them and the Connect -> Arrow side reads
 * them back to pick the same Arrow type.
 */
public final class SchemaConventions {

    /** Parameter on every column schema: the Arrow type it came from, e.g. {@code uint64}, {@code fixed_size_binary(32)}. */
    public static final String ARROW_TYPE = "amp.arrow.type";

    /** Parameter on every {@code Decimal} schema: its precision (Connect itself only records the scale). */
    public static final String DECIMAL_PRECISION = "connect.decimal.precision";

    /** Parameter on a fixed-size BYTES schema: the byte length (same key as Confluent's AvroData). */
    public static final String FIXED_SIZE = "connect.fixed.size";

    /** Name prefix of a fixed-size BYTES schema; the full name is the prefix plus the size, e.g. {@code dev.ampconnect.Fixed20}. */
    public static final String FIXED_NAME_PREFIX = "dev.ampconnect.Fixed";

    /** Name of the INT64 schema of {@code timestamp.mode=nanos}: nanoseconds since the epoch, UTC. */
    public static final String TIMESTAMP_NANOS_NAME = "dev.ampconnect.TimestampNanos";

    /** Namespace prefix of a stream's value struct: {@code dev.ampconnect.stream.<stream>.Value}. */
    public static final String STREAM_NAMESPACE = "dev.ampconnect.stream";

    /** Simple name of a stream's value struct. */
    public static final String VALUE_STRUCT_SIMPLE_NAME = "Value";

    /** Suffix appended to a field name to name the element schema of a list column. */
    public static final String LIST_ITEM_SUFFIX = "_item";

    /** Suffix appended to a field name to name the key schema of a map column. */
    public static final String MAP_KEY_SUFFIX = "_key";

    /** Suffix appended to a field name to name the value schema of a map column. */
    public static final String MAP_VALUE_SUFFIX = "_value";

    private SchemaConventions() {
    }

    /** The name of the fixed-size BYTES schema of {@code size} bytes. */
    public static String fixedName(int size) {
        return FIXED_NAME_PREFIX + size;
    }

    /** The byte length of a fixed-size BYTES schema, or -1 when {@code schema} is not one. */
    public static int fixedSize(Schema schema) {
        String size = schema.parameters() == null ? null : schema.parameters().get(FIXED_SIZE);
        return size == null ? -1 : Integer.parseInt(size);
    }

    /** The precision recorded on a {@code Decimal} schema, or -1 when it carries none. */
    public static int decimalPrecision(Schema schema) {
        String precision = schema.parameters() == null ? null : schema.parameters().get(DECIMAL_PRECISION);
        return precision == null ? -1 : Integer.parseInt(precision);
    }

    /** Whether {@code schema} is the INT64 nanosecond timestamp of {@code timestamp.mode=nanos}. */
    public static boolean isTimestampNanos(Schema schema) {
        return TIMESTAMP_NANOS_NAME.equals(schema.name()) && schema.type() == Schema.Type.INT64;
    }
}
