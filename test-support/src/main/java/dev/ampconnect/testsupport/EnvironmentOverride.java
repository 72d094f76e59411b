package dev.ampconnect.testsupport;

import java.util.Locale;
import java.util.Optional;

/**
 * A setting that points tests at an existing service instead of starting one, read from an
 * environment variable such as {@code AMP_TEST_PG_URL}, or from the system property of the same name
 * in lower-case dotted form ({@code -Damp.test.pg.url=...}), which is handier in an IDE. The system
 * property wins when both are set; blank values count as unset.
 *
 * @param variable the environment variable name, upper-case with underscores
 */
public record EnvironmentOverride(String variable) {

    /** The system property read as an alternative to {@link #variable()}. */
    public String systemProperty() {
        return variable.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** The configured value, if any. */
    public Optional<String> value() {
        String fromProperty = System.getProperty(systemProperty());
        if (fromProperty != null && !fromProperty.isBlank()) {
            return Optional.of(fromProperty.trim());
        }
        String fromEnvironment = System.getenv(variable);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Optional.of(fromEnvironment.trim());
        }
        return Optional.empty();
    }

    /** The configured value, or {@code fallback} when unset. */
    public String valueOr(String fallback) {
        return value().orElse(fallback);
    }

    /** For "skipped" lines in a start failure: {@code AMP_TEST_PG_URL (or -Damp.test.pg.url) is not set}. */
    public String unsetReason() {
        return variable + " (or -D" + systemProperty() + ") is not set";
    }
}
