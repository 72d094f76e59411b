package dev.ampconnect.testsupport.connect;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffsets;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.rest.errors.ConnectRestException;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import dev.ampconnect.testsupport.Await;

/**
 * One connector of a {@link ConnectCluster}, driven through the workers' REST API: create, wait for
 * states, stop/resume, and read or patch its offsets ({@code GET/PATCH/DELETE /connectors/NAME/offsets}).
 */
public final class ConnectorClient {

    /** A task seen FAILED for this long is reported at once instead of waiting out the timeout. */
    private static final Duration FAILED_GRACE = Duration.ofSeconds(2);
    private static final String RUNNING = "RUNNING";
    private static final String FAILED = "FAILED";
    private static final String STOPPED = "STOPPED";

    private final EmbeddedConnectCluster connect;
    private final String name;

    ConnectorClient(EmbeddedConnectCluster connect, String name) {
        this.connect = connect;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Creates the connector, or replaces its whole config ({@code PUT /connectors/NAME/config}). */
    public void configure(Map<String, String> config) {
        connect.configureConnector(name, config);
    }

    /** The current status, or empty while the connector does not exist (yet). */
    public Optional<ConnectorStateInfo> status() {
        try {
            return Optional.of(connect.connectorStatus(name));
        } catch (ConnectRestException e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Waits until the connector and exactly {@code tasks} tasks are RUNNING. A connector or task that
     * stays FAILED fails the wait at once, with its stack trace from the worker.
     */
    public ConnectorStateInfo awaitRunning(int tasks, Duration timeout) {
        FailureWatch failures = new FailureWatch();
        return Await.value("connector " + name + " and " + tasks + " task(s) RUNNING", timeout, () -> {
            Optional<ConnectorStateInfo> status = status();
            status.ifPresent(failures::check);
            return status.filter(info -> RUNNING.equals(info.connector().state())
                    && info.tasks().size() == tasks
                    && info.tasks().stream().allMatch(task -> RUNNING.equals(task.state())));
        }, this::describeStatus);
    }

    /** Stops the connector and its tasks ({@code PUT /connectors/NAME/stop}) and waits for STOPPED. */
    public void stop(Duration timeout) {
        connect.stopConnector(name);
        Await.condition("connector " + name + " STOPPED", timeout,
                () -> status().map(info -> STOPPED.equals(info.connector().state()) && info.tasks().isEmpty())
                        .orElse(false),
                this::describeStatus);
    }

    /** Resumes a paused or stopped connector. */
    public void resume() {
        connect.resumeConnector(name);
    }

    public void restartTask(int task) {
        connect.restartTask(name, task);
    }

    public void delete() {
        connect.deleteConnector(name);
    }

    /** {@code GET /connectors/NAME/offsets}, as Connect returns it. */
    public ConnectorOffsets offsets() {
        return connect.connectorOffsets(name);
    }

    /** A source connector's committed offsets: source partition to source offset. */
    public Map<Map<String, ?>, Map<String, ?>> sourceOffsets() {
        return offsets().toMap();
    }

    /** A sink connector's committed consumer offsets (the next offset to consume) per partition. */
    public Map<TopicPartition, Long> sinkOffsets() {
        List<ConnectorOffset> offsets = offsets().offsets();
        return offsets.stream().collect(Collectors.toMap(
                offset -> new TopicPartition((String) offset.partition().get("kafka_topic"),
                        ((Number) offset.partition().get("kafka_partition")).intValue()),
                offset -> ((Number) offset.offset().get("kafka_offset")).longValue()));
    }

    /**
     * Overwrites one source partition's offset ({@code PATCH /connectors/NAME/offsets}); the connector
     * must be {@link #stop stopped}. Returns Connect's message.
     */
    public String patchSourceOffset(Map<String, ?> partition, Map<String, ?> offset) {
        return connect.alterSourceConnectorOffset(name, new HashMap<>(partition), new HashMap<>(offset));
    }

    /** Overwrites a sink's committed offset for {@code partition}; the connector must be stopped. */
    public String patchSinkOffset(TopicPartition partition, long offset) {
        return connect.alterSinkConnectorOffset(name, partition, offset);
    }

    /** Deletes all committed offsets ({@code DELETE /connectors/NAME/offsets}); the connector must be stopped. */
    public String resetOffsets() {
        return connect.resetConnectorOffsets(name);
    }

    private String describeStatus() {
        try {
            return status().map(ConnectorStateInfo::toString).orElse("connector " + name + " does not exist");
        } catch (RuntimeException e) {
            return "status unavailable: " + e;
        }
    }

    /** Turns a FAILED connector or task that stays FAILED into an immediate, explained failure. */
    private final class FailureWatch {
        private long failedSince = -1;

        void check(ConnectorStateInfo info) {
            Optional<String> failure = failure(info);
            if (failure.isEmpty()) {
                failedSince = -1;
                return;
            }
            long now = System.nanoTime();
            if (failedSince < 0) {
                // a restart just requested may still show the previous FAILED state: allow it to clear
                failedSince = now;
            } else if (now - failedSince >= FAILED_GRACE.toNanos()) {
                // an Error, not a RuntimeException: Await retries only the latter
                throw new AssertionError(failure.get());
            }
        }

        private Optional<String> failure(ConnectorStateInfo info) {
            if (FAILED.equals(info.connector().state())) {
                return Optional.of("connector " + name + " FAILED on " + info.connector().workerId() + ":\n"
                        + info.connector().trace());
            }
            return info.tasks().stream().filter(task -> FAILED.equals(task.state())).findFirst()
                    .map(task -> "connector " + name + " task " + task.id() + " FAILED on " + task.workerId()
                            + ":\n" + task.trace());
        }
    }
}
