package dev.ampconnect.common.sink;

import org.apache.kafka.common.config.ConfigException;

/** {@code table.name.format}: a table name with {@code ${topic}} and {@code ${stream}} placeholders. */
public final class TableNameFormat {

    private static final String TOPIC = "${topic}";
    private static final String STREAM = "${stream}";

    private final String format;

    private TableNameFormat(String format) {
        this.format = format;
    }

    /** Parses a format; any {@code ${…}} other than the two placeholders is an error. */
    public static TableNameFormat parse(String format) {
        String rest = format.replace(TOPIC, "").replace(STREAM, "");
        if (rest.contains("${")) {
            throw new ConfigException(AmpSinkConfig.TABLE_NAME_FORMAT, format,
                    "only ${topic} and ${stream} may be used");
        }
        if (format.isBlank()) {
            throw new ConfigException(AmpSinkConfig.TABLE_NAME_FORMAT, format, "must not be blank");
        }
        return new TableNameFormat(format);
    }

    /** The table of a record on {@code topic} of amp stream {@code stream} ({@code null} for plain records). */
    public String tableFor(String topic, String stream) {
        return format.replace(TOPIC, topic).replace(STREAM, stream == null ? topic : stream);
    }

    /** Whether the table depends on the stream (else only on the topic). */
    public boolean usesStream() {
        return format.contains(STREAM);
    }

    @Override
    public String toString() {
        return format;
    }
}
