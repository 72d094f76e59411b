package dev.ampconnect.common.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;

/** Attaches errors to the key a user must fix in a {@code validate()} result. */
public final class ConfigValidation {

    private ConfigValidation() {
    }

    /** {@code config} with {@code message} added to key {@code key} (created when absent). */
    public static Config withError(Config config, String key, Object value, String message) {
        List<ConfigValue> values = new ArrayList<>(config.configValues());
        Optional<ConfigValue> existing = values.stream().filter(v -> v.name().equals(key)).findFirst();
        ConfigValue target = existing.orElseGet(() -> {
            ConfigValue created = new ConfigValue(key, value, new ArrayList<>(), new ArrayList<>());
            values.add(created);
            return created;
        });
        target.addErrorMessage(message);
        return new Config(values);
    }

    /** Whether any key has an error. */
    public static boolean hasErrors(Config config) {
        return config.configValues().stream().anyMatch(v -> !v.errorMessages().isEmpty());
    }

    /**
     * The key a {@link org.apache.kafka.common.config.ConfigException} names (its message reads "Invalid value … for
     * configuration KEY: …"), among {@code keys}, or {@code fallback}.
     */
    public static String keyOf(org.apache.kafka.common.config.ConfigException e, Iterable<String> keys, String fallback) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        for (String key : keys) {
            if (message.contains("configuration " + key + ":") || message.contains("configuration " + key + " ")
                    || message.endsWith("configuration " + key)) {
                return key;
            }
        }
        return fallback;
    }

    /** The errors of one key. */
    public static List<String> errorsOf(Config config, String key) {
        return config.configValues().stream().filter(v -> v.name().equals(key))
                .flatMap(v -> v.errorMessages().stream()).toList();
    }
}
