package dev.ampconnect.packaging.bench;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The connector configs of a run, each starting from the sample config the connector's Hub zip ships (what a user
 * copies), with the endpoints, the record path and the run's topic and table filled in.
 */
public final class BenchConfigs {

    private BenchConfigs() {
    }

    /**
     * The source streaming {@code query} as stream {@code stream} into {@code topic}; exactly-once keys of the
     * sample stay when {@code exactlyOnce}, else they are dropped.
     */
    public static Map<String, String> source(Map<String, String> sample, URI amp, String stream, String query,
                                             String topic, RecordPath path, boolean exactlyOnce) {
        Map<String, String> c = new LinkedHashMap<>(sample);
        c.keySet().removeIf(k -> k.startsWith("stream."));
        c.put("amp.server.uri", amp.toString());
        c.put("mode", "stream");
        c.put("streams", stream);
        c.put("stream." + stream + ".query", query);
        c.put("stream." + stream + ".topic", topic);
        c.put("record.format", path.format());
        c.put("header.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.putAll(path.converter());
        if (!exactlyOnce) {
            c.remove("exactly.once.support");
            c.remove("transaction.boundary");
        }
        return c;
    }

    /**
     * A sink of {@code topic} into {@code table}: the sample (empty for a sink that ships none), the target's
     * store settings, the record path's converter, read committed (the source writes transactions).
     */
    public static Map<String, String> sink(Map<String, String> sample, SinkTarget target, String topic, String table,
                                           RecordPath path) {
        Map<String, String> c = new LinkedHashMap<>(sample);
        c.putAll(target.sinkSettings());
        c.put("topics", topic);
        c.put("table.name.format", table);
        c.put("header.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("consumer.override.isolation.level", "read_committed");
        c.putAll(path.converter());
        return c;
    }
}
