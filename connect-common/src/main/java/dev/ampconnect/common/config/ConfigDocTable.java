package dev.ampconnect.common.config;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/**
 * The Markdown reference table of a ConfigDef (key, type, default, valid values, importance,
 * description), so module READMEs are generated from the one place each key is declared. A README keeps
 * a generated table between {@code <!-- generated:NAME -->} and {@code <!-- /generated:NAME -->}; a test in
 * each module checks it is current, and {@link #replaceSection} rewrites it.
 */
public final class ConfigDocTable {

    private ConfigDocTable() {
    }

    /** The Markdown table of every key of {@code def}, in declaration order. */
    public static String markdown(ConfigDef def) {
        StringBuilder out = new StringBuilder();
        out.append("| key | type | default | valid values | importance | description |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (ConfigDef.ConfigKey key : def.configKeys().values()) {
            out.append("| `").append(key.name).append("` | ")
                    .append(key.type.name().toLowerCase(java.util.Locale.ROOT)).append(" | ")
                    .append(defaultValue(key)).append(" | ")
                    .append(key.validator == null ? "" : cell(key.validator.toString())).append(" | ")
                    .append(key.importance.name().toLowerCase(java.util.Locale.ROOT)).append(" | ")
                    .append(cell(key.documentation)).append(" |\n");
        }
        return out.toString();
    }

    /**
     * {@code document} with the text between the markers of section {@code name} replaced by {@code content}.
     *
     * @throws IllegalArgumentException when the markers are missing
     */
    public static String replaceSection(String document, String name, String content) {
        String begin = beginMarker(name);
        String end = endMarker(name);
        int from = document.indexOf(begin);
        int to = document.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("document has no section " + begin + " … " + end);
        }
        return document.substring(0, from + begin.length()) + "\n" + content + document.substring(to);
    }

    /** The current content of section {@code name} (as {@link #replaceSection} writes it). */
    public static String section(String document, String name) {
        String begin = beginMarker(name);
        int from = document.indexOf(begin);
        int to = document.indexOf(endMarker(name));
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("document has no section " + begin);
        }
        return document.substring(from + begin.length() + 1, to);
    }

    /**
     * Checks (and with system property {@code config.doc.update=true}, first rewrites) the generated
     * sections of a README: section name -> the ConfigDef whose table it holds.
     *
     * @return the names of the sections that are stale, empty when the README is current
     */
    public static List<String> staleSections(java.nio.file.Path readme, java.util.Map<String, ConfigDef> sections)
            throws java.io.IOException {
        String document = java.nio.file.Files.readString(readme, java.nio.charset.StandardCharsets.UTF_8);
        if (Boolean.getBoolean("config.doc.update")) {
            for (var entry : sections.entrySet()) {
                document = replaceSection(document, entry.getKey(), markdown(entry.getValue()));
            }
            java.nio.file.Files.writeString(readme, document, java.nio.charset.StandardCharsets.UTF_8);
        }
        String current = document;
        return sections.entrySet().stream()
                .filter(entry -> !markdown(entry.getValue()).equals(section(current, entry.getKey())))
                .map(java.util.Map.Entry::getKey)
                .collect(Collectors.toList());
    }

    /** The begin marker of generated section {@code name}. */
    public static String beginMarker(String name) {
        return "<!-- generated:" + name + " -->";
    }

    /** The end marker of generated section {@code name}. */
    public static String endMarker(String name) {
        return "<!-- /generated:" + name + " -->";
    }

    private static String defaultValue(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        Object value = key.defaultValue;
        if (value == null) {
            return "null";
        }
        if (value instanceof Password) {
            return "(secret)";
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "\"\"" : "`" + list.stream().map(String::valueOf).collect(Collectors.joining(",")) + "`";
        }
        String text = String.valueOf(value);
        return text.isEmpty() ? "\"\"" : "`" + text + "`";
    }

    private static String cell(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
