package dev.ampconnect.common.sink.conformance;

import dev.ampconnect.common.sink.AmpSinkTask;
import dev.ampconnect.common.sink.SinkMetrics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * Drives one real SinkTask the way Connect's WorkerSinkTask does: initialize, start, open (then seek where
 * the task asked), put batches of at most {@code maxPollRecords} read from the {@link TopicLog} from the
 * consumer position, redeliver a batch after a {@link RetriableException}, preCommit and commit the
 * returned offsets to the group, close and stop. {@link #crash()} abandons the task without committing.
 */
public final class SinkTaskDriver implements AutoCloseable {

    private static final int MAX_REDELIVERIES = 20;

    private final SinkTask task;
    private final Map<String, String> config;
    private final TopicLog log;
    private final Set<TopicPartition> assignment;
    private final String group;
    private final TestSinkTaskContext context;
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private int maxPollRecords = 500;
    private boolean running;

    public SinkTaskDriver(SinkTask task, Map<String, String> config, TopicLog log, Set<TopicPartition> assignment) {
        this.task = task;
        this.config = Map.copyOf(config);
        this.log = log;
        this.assignment = Set.copyOf(assignment);
        this.group = config.get("name");
        this.context = new TestSinkTaskContext(config, "all".equals(config.get("errors.tolerance")));
    }

    /** Records per put(), like the consumer's max.poll.records. */
    public SinkTaskDriver maxPollRecords(int records) {
        this.maxPollRecords = records;
        return this;
    }

    /** initialize, start, open the assignment at the group's committed offsets (or where the task seeks). */
    public SinkTaskDriver start() {
        task.initialize(context);
        task.start(config);
        running = true;
        context.assign(assignment);
        for (TopicPartition partition : assignment) {
            positions.put(partition, log.committed(group, partition));
        }
        task.open(assignment);
        applySeeks();
        return this;
    }

    private void applySeeks() {
        context.takeSeeks().forEach((partition, offset) -> {
            if (assignment.contains(partition)) {
                positions.put(partition, offset);
            }
        });
    }

    /**
     * Delivers every record up to the end of the log, batch by batch, like the worker's poll loop: paused partitions
     * deliver nothing, and while the task keeps partitions paused (its store is down) it gets empty put() calls after
     * the timeout it asked for.
     */
    public SinkTaskDriver deliver() {
        int pausedPolls = 0;
        boolean more = true;
        while (more) {
            more = false;
            for (TopicPartition partition : assignment) {
                if (context.paused().contains(partition)) {
                    continue;
                }
                List<SinkRecord> batch = log.read(partition, positions.get(partition), maxPollRecords);
                if (batch.isEmpty()) {
                    continue;
                }
                put(batch);
                positions.put(partition, batch.get(batch.size() - 1).kafkaOffset() + 1);
                applySeeks();
                more = true;
            }
            if (!context.paused().isEmpty()) {
                if (++pausedPolls > MAX_REDELIVERIES) {
                    throw new IllegalStateException("the task kept " + context.paused() + " paused for " + pausedPolls
                            + " polls");
                }
                awaitRedelivery();
                put(List.of());
                applySeeks();
                more = true;
            }
        }
        return this;
    }

    /** One put(), with Connect's redelivery of the batch if the task throws a RetriableException. */
    public void put(List<SinkRecord> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                task.put(batch);
                return;
            } catch (RetriableException e) {
                if (attempt >= MAX_REDELIVERIES) {
                    throw e;
                }
                awaitRedelivery();
            }
        }
    }

    /**
     * The worker's wait before a redelivery: its consumer poll with every partition paused, as long as the task
     * asked through {@code SinkTaskContext.timeout} (the worker may cut it at its next offset commit).
     */
    private void awaitRedelivery() {
        try {
            Thread.sleep(Math.max(0, context.lastTimeoutMs()));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the worker waits to redeliver", interrupted);
        }
    }

    /** An empty put(), as the worker makes when a poll returns nothing. */
    public SinkTaskDriver idle() {
        put(List.of());
        return this;
    }

    /** preCommit(), then commits what it returned to the consumer group. */
    public Map<TopicPartition, OffsetAndMetadata> commit() {
        Map<TopicPartition, OffsetAndMetadata> current = new HashMap<>();
        positions.forEach((partition, position) -> current.put(partition, new OffsetAndMetadata(position)));
        Map<TopicPartition, OffsetAndMetadata> committed = task.preCommit(current);
        committed.forEach((partition, offset) -> log.commit(group, partition, offset.offset()));
        return committed;
    }

    /** A graceful stop: commit, close the partitions, stop. */
    public void stop() {
        if (!running) {
            return;
        }
        commit();
        task.close(assignment);
        task.stop();
        running = false;
    }

    /** The worker dies: the task is stopped without committing or closing. */
    public void crash() {
        if (running) {
            task.stop();
            running = false;
        }
    }

    @Override
    public void close() {
        crash();
    }

    public TestSinkTaskContext context() {
        return context;
    }

    /** The metrics of an amp sink task. */
    public SinkMetrics metrics() {
        return ((AmpSinkTask) task).metrics();
    }

    /** The consumer position of a partition. */
    public long position(TopicPartition partition) {
        return positions.get(partition);
    }
}
