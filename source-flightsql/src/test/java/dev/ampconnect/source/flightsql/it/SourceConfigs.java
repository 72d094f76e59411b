package dev.ampconnect.source.flightsql.it;

import dev.ampconnect.source.flightsql.AmpFlightSqlSourceConnector;
import java.util.HashMap;
import java.util.Map;

/** Connector configs the integration tests submit through the REST API. */
final class SourceConfigs {

    private SourceConfigs() {
    }

    /**
     * One stream, {@code rows} format with JsonConverter values and the StringConverter header converter
     * sinks use.
     */
    static Map<String, String> rows(String serverUri, String stream, String sql, String topic) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", AmpFlightSqlSourceConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("amp.server.uri", serverUri);
        config.put("streams", stream);
        config.put("stream." + stream + ".query", sql);
        config.put("stream." + stream + ".topic", topic);
        config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.decimal.format", "NUMERIC");
        config.put("header.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("reconnect.backoff.initial.ms", "200");
        config.put("reconnect.backoff.max.ms", "1000");
        return config;
    }

    /** One stream in {@code arrow} format with ByteArrayConverter values. */
    static Map<String, String> arrow(String serverUri, String stream, String sql, String topic) {
        Map<String, String> config = rows(serverUri, stream, sql, topic);
        config.put("record.format", "arrow");
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.remove("value.converter.decimal.format");
        return config;
    }

    /** {@code config} with {@code key=value} added. */
    static Map<String, String> with(Map<String, String> config, String key, String value) {
        Map<String, String> copy = new HashMap<>(config);
        copy.put(key, value);
        return copy;
    }
}
