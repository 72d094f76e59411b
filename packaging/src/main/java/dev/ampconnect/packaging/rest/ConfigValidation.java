package dev.ampconnect.packaging.rest;

import java.util.List;
import java.util.Map;

/**
 * The answer of {@code PUT /connector-plugins/{class}/config/validate}: how many errors, and which config key
 * each belongs to (Connect attaches every error to the key the user must fix).
 *
 * @param connectorClass the validated connector class
 * @param errorCount     Connect's {@code error_count}
 * @param errorsByKey    the error messages of every key that has at least one
 */
public record ConfigValidation(String connectorClass, int errorCount, Map<String, List<String>> errorsByKey) {

    public ConfigValidation {
        errorsByKey = Map.copyOf(errorsByKey);
    }

    /** The error messages attached to {@code key}; empty when it is valid. */
    public List<String> errorsFor(String key) {
        return errorsByKey.getOrDefault(key, List.of());
    }
}
