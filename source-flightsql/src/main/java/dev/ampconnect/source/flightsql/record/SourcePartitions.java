package dev.ampconnect.source.flightsql.record;

import java.util.Collections;
import java.util.Map;

/**
 * The source partition of a stream: {@code {"stream": name}}, ONE key (TEST_INFRA.md: a two-key map
 * serialised differently across JVMs and a restarted task missed its offsets).
 */
public final class SourcePartitions {

    /** The only key of a source partition. */
    public static final String STREAM = "stream";

    private SourcePartitions() {
    }

    /** The source partition of stream {@code name}. */
    public static Map<String, String> of(String name) {
        return Collections.singletonMap(STREAM, name);
    }

    /** The stream a source partition names, or {@code null} when it is not of this connector's shape. */
    public static String streamOf(Map<String, ?> partition) {
        if (partition == null || partition.size() != 1 || !(partition.get(STREAM) instanceof String name)) {
            return null;
        }
        return name;
    }
}
