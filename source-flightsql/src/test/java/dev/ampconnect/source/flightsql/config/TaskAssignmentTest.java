package dev.ampconnect.source.flightsql.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskAssignmentTest {

    @Test
    void streamsAreSpreadOverTasksEachStreamInExactlyOneTask() {
        List<Map<String, String>> configs = TaskAssignment.taskConfigs(Map.of("streams", "a,b,c"), List.of("a", "b", "c"), 2);
        assertEquals(2, configs.size());
        assertEquals(List.of("a", "b"), TaskAssignment.streamsOf(configs.get(0)));
        assertEquals(List.of("c"), TaskAssignment.streamsOf(configs.get(1)));
        assertEquals("a,b,c", configs.get(1).get("streams"), "task configs carry the connector config");
    }

    @Test
    void noMoreTasksThanStreams() {
        assertEquals(1, TaskAssignment.taskConfigs(Map.of(), List.of("a"), 8).size());
    }
}
