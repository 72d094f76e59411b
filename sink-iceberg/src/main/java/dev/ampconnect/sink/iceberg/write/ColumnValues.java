package dev.ampconnect.sink.iceberg.write;

import org.apache.parquet.io.api.Binary;

/**
 * One Arrow column read as the values of its Iceberg column, in the Parquet physical form Iceberg stores:
 * {@link Longs} for int, long, date, time, timestamps and decimals up to 18 digits (unscaled), {@link Doubles}
 * for float and double, {@link Booleans}, and {@link Bytes} for string (UTF-8), binary, fixed and wider
 * decimals (unscaled, big-endian, Iceberg's fixed length). Only called for non-null rows.
 */
public interface ColumnValues {

    /** 64-bit integer values (ints, dates and small decimals fit). */
    @FunctionalInterface
    interface Longs extends ColumnValues {
        long get(int row);
    }

    /** Floating-point values (floats widen exactly). */
    @FunctionalInterface
    interface Doubles extends ColumnValues {
        double get(int row);
    }

    /** Boolean values. */
    @FunctionalInterface
    interface Booleans extends ColumnValues {
        boolean get(int row);
    }

    /**
     * Byte-array values as Parquet {@link Binary}s. A returned value may wrap a buffer the next call reuses
     * ({@link Binary#fromReusedByteArray}): Parquet copies what it keeps, and {@link Binary#getBytes()} copies.
     */
    @FunctionalInterface
    interface Bytes extends ColumnValues {
        Binary get(int row);
    }
}
