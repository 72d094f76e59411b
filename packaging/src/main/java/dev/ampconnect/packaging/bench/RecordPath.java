package dev.ampconnect.packaging.bench;

import java.util.Map;

/**
 * How records travel from the source to a sink: the source's {@code record.format} and the value converter both
 * ends use.
 *
 * @param name      short name for reports ({@code rows+json}, {@code arrow})
 * @param format    the source's {@code record.format}
 * @param converter converter settings of both connectors ({@code value.converter} and its options)
 */
public record RecordPath(String name, String format, Map<String, String> converter) {

    static final String JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";
    static final String BYTES_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";

    /** {@code record.format=rows} with the JsonConverter and schemas: a worker's default converter. */
    public static final RecordPath ROWS_JSON = new RecordPath("rows+json", "rows",
            Map.of("value.converter", JSON_CONVERTER, "value.converter.schemas.enable", "true"));

    /** {@code record.format=arrow}: Arrow IPC bytes with the ByteArrayConverter. */
    public static final RecordPath ARROW = new RecordPath("arrow", "arrow", Map.of("value.converter", BYTES_CONVERTER));

    public RecordPath {
        converter = Map.copyOf(converter);
    }

    /** A path by {@link #name()}. */
    public static RecordPath named(String name) {
        return switch (name) {
            case "rows+json", "rows" -> ROWS_JSON;
            case "arrow" -> ARROW;
            default -> throw new IllegalArgumentException("unknown record path " + name + " (rows+json, arrow)");
        };
    }
}
