package dev.ampconnect.packaging.rest;

/**
 * One task's entry in {@code GET /connectors/{name}/status}.
 *
 * @param id       task number
 * @param state    {@code RUNNING}, {@code FAILED}, {@code PAUSED}, {@code UNASSIGNED}, ...
 * @param workerId the worker that runs it ({@code host:port} of its REST listener)
 * @param trace    the stack trace of a failed task, else {@code null}
 */
public record TaskStatus(int id, String state, String workerId, String trace) {

    /** Whether the task is running. */
    public boolean isRunning() {
        return "RUNNING".equals(state);
    }
}
