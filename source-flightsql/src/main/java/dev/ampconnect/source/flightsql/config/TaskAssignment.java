package dev.ampconnect.source.flightsql.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.util.ConnectorUtils;

/**
 * Spreads a connector's streams over its tasks, and reads back which streams a task runs. A task config
 * is the connector's config plus {@value #TASK_STREAMS}; each stream runs in exactly one task.
 */
public final class TaskAssignment {

    /** Task-only key: the comma-separated streams this task runs. Set by the connector, never by users. */
    public static final String TASK_STREAMS = "task.streams";

    private TaskAssignment() {
    }

    /**
     * One config per task: {@code min(maxTasks, streams)} tasks, streams dealt out in contiguous groups of
     * nearly equal size.
     */
    public static List<Map<String, String>> taskConfigs(Map<String, String> connectorProps, List<String> streams, int maxTasks) {
        if (maxTasks < 1) {
            throw new IllegalArgumentException("tasks.max must be at least 1, got " + maxTasks);
        }
        List<List<String>> groups = ConnectorUtils.groupPartitions(streams, Math.min(maxTasks, streams.size()));
        List<Map<String, String>> configs = new ArrayList<>(groups.size());
        for (List<String> group : groups) {
            Map<String, String> config = new HashMap<>(connectorProps);
            config.put(TASK_STREAMS, String.join(",", group));
            configs.add(config);
        }
        return configs;
    }

    /** The streams a task runs, from its config. */
    public static List<String> streamsOf(Map<String, String> taskProps) {
        String value = taskProps.get(TASK_STREAMS);
        if (value == null || value.isBlank()) {
            throw new ConfigException(TASK_STREAMS, value, "task config without streams (set by the connector)");
        }
        List<String> streams = new ArrayList<>();
        for (String stream : value.split(",")) {
            if (!stream.isBlank()) {
                streams.add(stream.trim());
            }
        }
        return streams;
    }
}
