package dev.ampconnect.sink.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;

/**
 * A key (or member) template: literal text with {@code ${table}}, {@code ${row}} and {@code ${<field>}}
 * placeholders ({@code redis.key.template}, {@code redis.member.template}). A template without
 * {@code ${row}} is <em>keyed</em>: rows with equal field values share one key.
 */
final class KeyTemplate {

    static final String TABLE = "table";
    static final String ROW = "row";

    /** One piece of a template: literal bytes, or a placeholder. */
    private record Part(byte[] literal, String placeholder) {
    }

    private final String text;
    private final List<Part> parts;
    private final Set<String> fields;
    private final boolean usesRow;

    private KeyTemplate(String text, List<Part> parts, Set<String> fields, boolean usesRow) {
        this.text = text;
        this.parts = List.copyOf(parts);
        this.fields = Set.copyOf(fields);
        this.usesRow = usesRow;
    }

    /**
     * Parses {@code text}.
     *
     * @throws ConfigException (naming {@code configKey}) on an unclosed or empty placeholder, or an empty template
     */
    static KeyTemplate parse(String configKey, String text) {
        if (text == null || text.isBlank()) {
            throw new ConfigException(configKey, text, "must not be empty");
        }
        List<Part> parts = new ArrayList<>();
        Set<String> fields = new LinkedHashSet<>();
        boolean usesRow = false;
        int at = 0;
        while (at < text.length()) {
            int open = text.indexOf("${", at);
            if (open < 0) {
                parts.add(new Part(text.substring(at).getBytes(StandardCharsets.UTF_8), null));
                break;
            }
            if (open > at) {
                parts.add(new Part(text.substring(at, open).getBytes(StandardCharsets.UTF_8), null));
            }
            int close = text.indexOf('}', open);
            if (close < 0) {
                throw new ConfigException(configKey, text, "placeholder at position " + open + " is not closed with }");
            }
            String name = text.substring(open + 2, close).trim();
            if (name.isEmpty()) {
                throw new ConfigException(configKey, text, "empty placeholder ${} at position " + open);
            }
            parts.add(new Part(null, name));
            if (name.equals(ROW)) {
                usesRow = true;
            } else if (!name.equals(TABLE)) {
                fields.add(name);
            }
            at = close + 1;
        }
        return new KeyTemplate(text, parts, fields, usesRow);
    }

    /** The value fields the template reads. */
    Set<String> fields() {
        return fields;
    }

    /** Whether every row gets its own key ({@code ${row}}), so a write never overwrites an older row. */
    boolean usesRow() {
        return usesRow;
    }

    /** What a placeholder stands for in one row. */
    interface Values {
        /** The text of {@code placeholder} ({@code table}, {@code row} or a field), or null when the field is null. */
        byte[] value(String placeholder);
    }

    /**
     * The key of one row, or {@code null} when a field it uses is null.
     *
     * @param prefix bytes put before the rendered text (the hash tag), may be empty
     */
    byte[] render(byte[] prefix, Values values) {
        byte[][] pieces = new byte[parts.size()][];
        int length = prefix.length;
        for (int i = 0; i < parts.size(); i++) {
            Part part = parts.get(i);
            byte[] piece = part.literal != null ? part.literal : values.value(part.placeholder);
            if (piece == null) {
                return null;
            }
            pieces[i] = piece;
            length += piece.length;
        }
        byte[] key = new byte[length];
        System.arraycopy(prefix, 0, key, 0, prefix.length);
        int at = prefix.length;
        for (byte[] piece : pieces) {
            System.arraycopy(piece, 0, key, at, piece.length);
            at += piece.length;
        }
        return key;
    }

    @Override
    public String toString() {
        return text;
    }
}
