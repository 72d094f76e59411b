package dev.ampconnect.sink.iceberg;

import dev.ampconnect.common.sink.AmpSinkConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The base keys whose defaults differ for Iceberg. Every flush is an Iceberg commit, at least one new data file and
 * a new {@code metadata.json} per table, so the sink flushes by time once a minute instead of every 5 seconds: a
 * live tail of one block per second then makes about 60 data files per hour and table instead of 720 (README
 * "Commit interval"). Set {@code buffer.flush.interval.ms} to override it; offset commits
 * ({@code offset.flush.interval.ms} of the worker, 60 s by default) also flush.
 */
public final class IcebergSinkDefaults {

    /** {@code buffer.flush.interval.ms} of this sink. */
    public static final long FLUSH_INTERVAL_MS = 60_000L;

    private IcebergSinkDefaults() {
    }

    /** The connector or task config with this sink's defaults filled in where the user set nothing. */
    public static Map<String, String> apply(Map<String, String> props) {
        Map<String, String> withDefaults = new HashMap<>(props);
        withDefaults.putIfAbsent(AmpSinkConfig.BUFFER_FLUSH_INTERVAL_MS, Long.toString(FLUSH_INTERVAL_MS));
        return withDefaults;
    }

    /** The sink base's keys as this sink declares them (its own defaults). */
    public static ConfigDef baseConfigDef() {
        ConfigDef adjusted = new ConfigDef();
        for (ConfigDef.ConfigKey key : AmpSinkConfig.configDef().configKeys().values()) {
            if (key.name.equals(AmpSinkConfig.BUFFER_FLUSH_INTERVAL_MS)) {
                adjusted.define(key.name, key.type, FLUSH_INTERVAL_MS, key.validator, key.importance,
                        key.documentation + " Iceberg sink default: 60000 (each flush is a commit and new data files).",
                        key.group, key.orderInGroup, key.width, key.displayName);
            } else {
                adjusted.define(key);
            }
        }
        return adjusted;
    }
}
