package dev.ampconnect.sink.postgresql;

import java.util.Locale;

/** The PostgreSQL column types the binary COPY writer can encode, by {@code pg_type.typname}. */
enum PgType {
    INT2, INT4, INT8, FLOAT4, FLOAT8, BOOL, TEXT, BYTEA, NUMERIC, TIMESTAMPTZ, TIMESTAMP, DATE, TIME, JSONB, JSON,
    /** Anything else: the writer refuses to encode into it. */
    OTHER;

    /** The type of a {@code pg_type.typname}. */
    static PgType ofTypname(String typname) {
        switch (typname.toLowerCase(Locale.ROOT)) {
            case "int2":
                return INT2;
            case "int4":
                return INT4;
            case "int8":
                return INT8;
            case "float4":
                return FLOAT4;
            case "float8":
                return FLOAT8;
            case "bool":
                return BOOL;
            case "text":
            case "varchar":
            case "bpchar":
            case "name":
                return TEXT;
            case "bytea":
                return BYTEA;
            case "numeric":
                return NUMERIC;
            case "timestamptz":
                return TIMESTAMPTZ;
            case "timestamp":
                return TIMESTAMP;
            case "date":
                return DATE;
            case "time":
                return TIME;
            case "jsonb":
                return JSONB;
            case "json":
                return JSON;
            default:
                return OTHER;
        }
    }
}
