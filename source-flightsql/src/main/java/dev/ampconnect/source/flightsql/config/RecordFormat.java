package dev.ampconnect.source.flightsql.config;

import java.util.Locale;

/** What one Kafka record holds ({@code record.format}); docs/ARCHITECTURE.md "Record formats". */
public enum RecordFormat {
    /** One Struct per row: works with any converter, SMTs and third-party sinks. */
    ROWS,
    /** One record per Arrow record batch (Arrow IPC stream bytes), for {@code ByteArrayConverter}. */
    ARROW;

    /** The config value. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a config value (case-insensitive). */
    public static RecordFormat fromConfig(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
