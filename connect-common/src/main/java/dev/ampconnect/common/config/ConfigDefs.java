package dev.ampconnect.common.config;

import org.apache.kafka.common.config.ConfigDef;

/** Combines the ConfigDefs of several concerns into the one a connector declares. */
public final class ConfigDefs {

    private ConfigDefs() {
    }

    /** A ConfigDef holding every key of {@code defs}, in order; a key declared twice is a bug. */
    public static ConfigDef merge(ConfigDef... defs) {
        ConfigDef merged = new ConfigDef();
        for (ConfigDef def : defs) {
            for (ConfigDef.ConfigKey key : def.configKeys().values()) {
                if (merged.configKeys().containsKey(key.name)) {
                    throw new IllegalStateException("config key " + key.name + " is declared twice");
                }
                merged.define(key);
            }
        }
        return merged;
    }
}
