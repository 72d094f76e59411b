package dev.ampconnect.source.flightsql.config;

import java.util.Locale;

/** How a stream's query runs ({@code mode}). */
public enum SourceMode {
    /** Live: the query runs with {@code amp-stream: true}, follows the chain head and reports reorgs. */
    STREAM,
    /** Once: the query runs without {@code amp-stream} (e.g. a backfill of a block range); then the task idles. */
    BATCH;

    /** The config value. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a config value (case-insensitive). */
    public static SourceMode fromConfig(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
