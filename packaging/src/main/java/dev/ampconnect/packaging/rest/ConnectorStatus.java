package dev.ampconnect.packaging.rest;

import java.util.List;

/**
 * {@code GET /connectors/{name}/status}: the connector's state and that of each of its tasks.
 *
 * @param name     connector name
 * @param state    the connector instance's state
 * @param workerId the worker running the connector instance
 * @param trace    the stack trace of a failed connector, else {@code null}
 * @param tasks    its tasks, by id
 */
public record ConnectorStatus(String name, String state, String workerId, String trace, List<TaskStatus> tasks) {

    public ConnectorStatus {
        tasks = List.copyOf(tasks);
    }

    /** Whether the connector and exactly {@code taskCount} tasks are all running. */
    public boolean isRunningWith(int taskCount) {
        return "RUNNING".equals(state) && tasks.size() == taskCount && tasks.stream().allMatch(TaskStatus::isRunning);
    }

    /** Whether the connector or any task has failed. */
    public boolean hasFailure() {
        return "FAILED".equals(state) || tasks.stream().anyMatch(t -> "FAILED".equals(t.state()));
    }

    /** The connector's and every failed task's trace, for an assertion message. */
    public String failureTraces() {
        StringBuilder out = new StringBuilder();
        if (trace != null) {
            out.append("connector ").append(name).append(": ").append(trace).append('\n');
        }
        for (TaskStatus task : tasks) {
            if (task.trace() != null) {
                out.append("task ").append(task.id()).append(": ").append(task.trace()).append('\n');
            }
        }
        return out.toString();
    }
}
