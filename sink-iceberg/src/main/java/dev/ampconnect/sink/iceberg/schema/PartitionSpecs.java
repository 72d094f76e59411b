package dev.ampconnect.sink.iceberg.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.kafka.common.config.ConfigException;

/**
 * Parses a partition spec in the syntax of Iceberg's own Kafka Connect sink ({@code partition-by}):
 * comma-separated terms {@code column}, {@code identity(column)}, {@code truncate(column, width)},
 * {@code bucket(column, n)}, {@code year(column)}, {@code month(column)}, {@code day(column)},
 * {@code hour(column)}; e.g. {@code truncate(block_num, 100000)}.
 */
public final class PartitionSpecs {

    private static final Pattern TERM = Pattern.compile("^(\\w+)\\s*\\(\\s*([^,()\\s]+)\\s*(?:,\\s*(\\d+)\\s*)?\\)$");
    private static final Pattern COLUMN = Pattern.compile("^[^,()\\s]+$");

    private PartitionSpecs() {
    }

    /**
     * The spec of {@code terms} over {@code schema}.
     *
     * @param configKey the key the terms came from, named in errors
     * @throws ConfigException naming the key and the term that is malformed or names a missing column
     */
    public static PartitionSpec parse(String terms, Schema schema, String configKey) {
        if (terms == null || terms.isBlank()) {
            return PartitionSpec.unpartitioned();
        }
        PartitionSpec.Builder builder = PartitionSpec.builderFor(schema);
        for (String raw : split(terms)) {
            String term = raw.trim();
            try {
                add(builder, term, schema);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(configKey, terms, "partition term '" + term + "': " + e.getMessage());
            }
        }
        return builder.build();
    }

    private static void add(PartitionSpec.Builder builder, String term, Schema schema) {
        if (COLUMN.matcher(term).matches()) {
            requireColumn(schema, term);
            builder.identity(term);
            return;
        }
        Matcher matcher = TERM.matcher(term);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("expected column, transform(column) or transform(column, number)");
        }
        String transform = matcher.group(1).toLowerCase(Locale.ROOT);
        String column = matcher.group(2);
        String argument = matcher.group(3);
        requireColumn(schema, column);
        switch (transform) {
            case "identity" -> builder.identity(column);
            case "truncate" -> builder.truncate(column, number(argument, transform));
            case "bucket" -> builder.bucket(column, number(argument, transform));
            case "year", "years" -> builder.year(column);
            case "month", "months" -> builder.month(column);
            case "day", "days" -> builder.day(column);
            case "hour", "hours" -> builder.hour(column);
            default -> throw new IllegalArgumentException("unknown transform '" + transform
                    + "' (identity, truncate, bucket, year, month, day, hour)");
        }
    }

    private static void requireColumn(Schema schema, String column) {
        if (schema.findField(column) == null) {
            throw new IllegalArgumentException("no column '" + column + "' in the records");
        }
    }

    private static int number(String argument, String transform) {
        if (argument == null) {
            throw new IllegalArgumentException(transform + " needs a number, e.g. " + transform + "(column, 1000)");
        }
        return Integer.parseInt(argument);
    }

    private static List<String> split(String terms) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < terms.length(); i++) {
            char c = terms.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(terms.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(terms.substring(start));
        return parts;
    }
}
