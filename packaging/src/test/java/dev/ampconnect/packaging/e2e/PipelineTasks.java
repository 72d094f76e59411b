package dev.ampconnect.packaging.e2e;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.ampconnect.packaging.cluster.Await;
import dev.ampconnect.packaging.rest.ConnectorStatus;
import dev.ampconnect.packaging.rest.TaskStatus;

/**
 * Where the tasks of {@link PipelineConnectors}' deployment run, as the REST API reports it, and the wait for all
 * of them to run again after a crash.
 */
final class PipelineTasks {

    /** Both source connectors stream: one Flight stream each. */
    static final int SOURCE_STREAMS = 2;

    private PipelineTasks() {
    }

    /** The worker id running task 0 of {@code connector}. */
    static String workerOf(PipelineExtension pipeline, String connector) {
        return pipeline.rest().status(connector).tasks().get(0).workerId();
    }

    /**
     * Waits until every connector and task of the deployment is RUNNING on a worker other than {@code deadWorker}
     * (null: any worker) and both sources stream from the simulator again, and returns the worker id of each
     * connector's task. Worker status is read from the status topic, which still says RUNNING for the tasks of a
     * worker killed a moment ago; a live stream at the simulator is what proves a source task runs again.
     *
     * @throws dev.ampconnect.packaging.cluster.ConditionTimeoutException on timeout, or at once when a task FAILED
     */
    static Map<String, String> awaitAllRunning(PipelineExtension pipeline, PipelineConnectors connectors,
                                               String deadWorker, Duration timeout) {
        return Await.value("every task of " + connectors.names() + " RUNNING"
                        + (deadWorker == null ? "" : " on a worker other than " + deadWorker)
                        + " and " + SOURCE_STREAMS + " source streams at the simulator", timeout,
                () -> placement(pipeline, connectors, deadWorker), connectors::failure);
    }

    private static Optional<Map<String, String>> placement(PipelineExtension pipeline, PipelineConnectors connectors,
                                                           String deadWorker) {
        if (pipeline.amp().activeStreams() < SOURCE_STREAMS) {
            return Optional.empty();
        }
        Map<String, String> workers = new LinkedHashMap<>();
        for (String name : connectors.names()) {
            ConnectorStatus status = pipeline.rest().status(name);
            List<TaskStatus> tasks = status.tasks();
            if (!status.isRunningWith(1) || Objects.equals(status.workerId(), deadWorker)
                    || tasks.stream().anyMatch(t -> Objects.equals(t.workerId(), deadWorker))) {
                return Optional.empty();
            }
            workers.put(name, tasks.get(0).workerId());
        }
        return Optional.of(workers);
    }
}
