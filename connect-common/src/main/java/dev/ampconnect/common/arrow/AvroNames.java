package dev.ampconnect.common.arrow;

import java.util.regex.Pattern;

/**
 * Avro's naming rules, applied where the mapper names things: every schema name is a valid Avro full
 * name and every field name a valid Avro name, so any Avro-based converter accepts what the source emits.
 */
final class AvroNames {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private AvroNames() {
    }

    /** A stream name as one Avro name segment: other characters become {@code _}, a leading digit gets a {@code _}. */
    static String sanitize(String streamName) {
        if (streamName == null || streamName.isEmpty()) {
            throw new IllegalArgumentException("a stream name is required to name its value schema");
        }
        StringBuilder name = new StringBuilder(streamName.length() + 1);
        if (Character.isDigit(streamName.charAt(0))) {
            name.append('_');
        }
        for (int i = 0; i < streamName.length(); i++) {
            char c = streamName.charAt(i);
            boolean valid = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
            name.append(valid ? c : '_');
        }
        return name.toString();
    }

    static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Whether every dot-separated segment of {@code fullName} is a valid Avro name. */
    static boolean isValidFullName(String fullName) {
        if (fullName == null || fullName.isEmpty()) {
            return false;
        }
        for (String segment : fullName.split("\\.", -1)) {
            if (!isValidName(segment)) {
                return false;
            }
        }
        return true;
    }

    /** Fails, naming the column, when an Arrow field name cannot be an Avro (and so a Connect) field name. */
    static void requireValidFieldName(String name, String column) {
        if (!isValidName(name)) {
            throw new ArrowConversionException("column '" + column + "': field name '" + name
                    + "' is not a valid Avro name ([A-Za-z_][A-Za-z0-9_]*), so Avro-based converters and most"
                    + " stores would reject it; give it an alias in the query, e.g. SELECT ... AS "
                    + (name == null || name.isEmpty() ? "col" : sanitize(name)));
        }
    }
}
