package dev.ampconnect.common.arrow;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How an Arrow {@code Timestamp} column becomes a Connect value (source config {@code timestamp.mode}).
 * Neither mode ever drops digits silently.
 */
public enum TimestampMode {

    /**
     * Connect's {@code Timestamp} logical type (milliseconds, {@code java.util.Date}), understood by every
     * converter and sink. A value with sub-millisecond digits fails loudly naming the column and row
     * (amp block timestamps are whole seconds). The default.
     */
    CONNECT("connect"),

    /** {@code INT64} named {@code dev.ampconnect.TimestampNanos}: nanoseconds since the epoch, UTC, exact. */
    NANOS("nanos");

    private final String configValue;

    TimestampMode(String configValue) {
        this.configValue = configValue;
    }

    /** The value as written in a connector config. */
    public String configValue() {
        return configValue;
    }

    /** Every accepted config value, for a {@code ConfigDef.ValidString}. */
    public static List<String> configValues() {
        return Arrays.stream(values()).map(TimestampMode::configValue).toList();
    }

    /** Parses a config value (case-insensitive); an unknown value names the accepted ones. */
    public static TimestampMode fromConfig(String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (TimestampMode mode : values()) {
            if (mode.configValue.equals(wanted)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("timestamp.mode '" + value + "' is not one of " + configValues());
    }
}
