package dev.ampconnect.common.arrow;

import java.util.Objects;

/**
 * The choices of the Arrow -> Connect mapping that a user may make (TYPES.md). The source connector
 * exposes them as {@code uint64.mode} and {@code timestamp.mode}.
 *
 * @param uint64Mode    how {@code UInt64} columns are represented
 * @param timestampMode how {@code Timestamp} columns are represented
 */
public record ArrowConversionOptions(Uint64Mode uint64Mode, TimestampMode timestampMode) {

    /** The lossless defaults: {@code uint64.mode=decimal}, {@code timestamp.mode=connect}. */
    public static final ArrowConversionOptions DEFAULTS =
            new ArrowConversionOptions(Uint64Mode.DECIMAL, TimestampMode.CONNECT);

    public ArrowConversionOptions {
        Objects.requireNonNull(uint64Mode, "uint64Mode");
        Objects.requireNonNull(timestampMode, "timestampMode");
    }

    /** These options with another {@code uint64.mode}. */
    public ArrowConversionOptions withUint64Mode(Uint64Mode mode) {
        return new ArrowConversionOptions(mode, timestampMode);
    }

    /** These options with another {@code timestamp.mode}. */
    public ArrowConversionOptions withTimestampMode(TimestampMode mode) {
        return new ArrowConversionOptions(uint64Mode, mode);
    }
}
