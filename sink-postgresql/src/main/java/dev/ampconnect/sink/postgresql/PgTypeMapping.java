package dev.ampconnect.sink.postgresql;

import dev.ampconnect.common.sink.batch.AmpSchemaNames;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

/**
 * The column type an auto-created table gets for a Connect schema (documented in the module README):
 * INT8/INT16 -> SMALLINT, INT32 -> INTEGER, INT64 -> BIGINT, FLOAT32 -> REAL, FLOAT64 -> DOUBLE PRECISION,
 * BOOLEAN -> BOOLEAN, STRING -> TEXT, BYTES (fixed or not) -> BYTEA, Decimal(p,s) -> NUMERIC(p,s) (NUMERIC
 * without a declared precision), Timestamp and TimestampNanos -> TIMESTAMPTZ (microseconds: a value with
 * sub-microsecond digits is rejected rather than rounded), Date -> DATE, Time -> TIME, ARRAY/MAP/STRUCT ->
 * JSONB (see {@code ArrowJson} for the encoding).
 */
final class PgTypeMapping {

    /** PostgreSQL's NUMERIC precision limit. */
    private static final int MAX_NUMERIC_PRECISION = 1000;

    private PgTypeMapping() {
    }

    /** The DDL type of a column for {@code schema}. */
    static String ddlType(Schema schema, String column) {
        if (AmpSchemaNames.isDecimal(schema)) {
            int precision = AmpSchemaNames.decimalPrecision(schema);
            int scale = AmpSchemaNames.decimalScale(schema);
            if (precision > 0 && precision <= MAX_NUMERIC_PRECISION && scale >= 0 && scale <= precision) {
                return "NUMERIC(" + precision + "," + scale + ")";
            }
            return "NUMERIC";
        }
        if (AmpSchemaNames.isTimestamp(schema) || AmpSchemaNames.isTimestampNanos(schema)) {
            return "TIMESTAMPTZ";
        }
        if (AmpSchemaNames.isDate(schema)) {
            return "DATE";
        }
        if (AmpSchemaNames.isTime(schema)) {
            return "TIME";
        }
        switch (schema.type()) {
            case INT8:
            case INT16:
                return "SMALLINT";
            case INT32:
                return "INTEGER";
            case INT64:
                return "BIGINT";
            case FLOAT32:
                return "REAL";
            case FLOAT64:
                return "DOUBLE PRECISION";
            case BOOLEAN:
                return "BOOLEAN";
            case STRING:
                return "TEXT";
            case BYTES:
                return "BYTEA";
            case ARRAY:
            case MAP:
            case STRUCT:
                return "JSONB";
            default:
                throw new DataException("column " + column + ": no PostgreSQL type for Connect type " + schema.type());
        }
    }
}
