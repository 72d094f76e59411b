package dev.ampconnect.sink.postgresql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * SQL identifiers: always quoted (sink rule 10), never longer than PostgreSQL keeps (longer names would be
 * silently truncated and could collide).
 */
final class PgIdentifiers {

    /** NAMEDATALEN - 1. */
    static final int MAX_BYTES = 63;

    private PgIdentifiers() {
    }

    /** {@code "name"} with embedded quotes doubled. */
    static String quote(String name) {
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("identifier contains a NUL character: " + name);
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** {@code "schema"."name"}. */
    static String qualified(String schema, String name) {
        return quote(schema) + "." + quote(name);
    }

    /** Comma-separated quoted names. */
    static String list(List<String> names) {
        return names.stream().map(PgIdentifiers::quote).collect(Collectors.joining(", "));
    }

    /** Whether PostgreSQL keeps the name whole. */
    static boolean fits(String name) {
        return name.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }

    /**
     * A name derived from {@code base} plus {@code suffix} that fits: when too long, {@code base} is cut and
     * followed by 8 hex chars of its hash, so distinct bases keep distinct names.
     */
    static String derived(String base, String suffix) {
        String name = base + suffix;
        if (fits(name)) {
            return name;
        }
        String hash = hash(base).substring(0, 8);
        String cut = base;
        while (!fits(cut + "_" + hash + suffix)) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "_" + hash + suffix;
    }

    static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
