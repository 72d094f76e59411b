package dev.ampconnect.common.arrow;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How an Arrow {@code UInt64} column becomes a Connect value (source config {@code uint64.mode}).
 * Neither mode ever wraps a value above {@code 2^63-1} into a negative number.
 */
public enum Uint64Mode {

    /** {@code Decimal} scale 0, precision 20: every value exact, up to {@code 18446744073709551615}. The default. */
    DECIMAL("decimal"),

    /** {@code INT64}: compact and fast; a value above {@code 2^63-1} fails loudly naming the column and row. */
    INT64("int64");

    private final String configValue;

    Uint64Mode(String configValue) {
        this.configValue = configValue;
    }

    /** The value as written in a connector config. */
    public String configValue() {
        return configValue;
    }

    /** Every accepted config value, for a {@code ConfigDef.ValidString}. */
    public static List<String> configValues() {
        return Arrays.stream(values()).map(Uint64Mode::configValue).toList();
    }

    /** Parses a config value (case-insensitive); an unknown value names the accepted ones. */
    public static Uint64Mode fromConfig(String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (Uint64Mode mode : values()) {
            if (mode.configValue.equals(wanted)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("uint64.mode '" + value + "' is not one of " + configValues());
    }
}
