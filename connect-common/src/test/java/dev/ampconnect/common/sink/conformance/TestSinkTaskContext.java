package dev.ampconnect.common.sink.conformance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * The SinkTaskContext of the kit: records seeks, timeouts and dead-lettered records like the worker does.
 * Plugin metrics are absent (as on a pre-4.1 worker), which the sink must tolerate.
 */
public final class TestSinkTaskContext implements SinkTaskContext {

    /** A record sent to the dead letter queue, with the reason. */
    public record DeadLetter(SinkRecord record, Throwable error) {
    }

    private final Map<String, String> configs;
    private final Set<TopicPartition> assignment = new HashSet<>();
    private final Map<TopicPartition, Long> seeks = new HashMap<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final boolean withDeadLetterQueue;
    private long timeoutMs;
    private final java.util.List<Long> timeoutsMs = new java.util.ArrayList<>();
    private final Set<TopicPartition> paused = new HashSet<>();

    TestSinkTaskContext(Map<String, String> configs, boolean withDeadLetterQueue) {
        this.configs = Map.copyOf(configs);
        this.withDeadLetterQueue = withDeadLetterQueue;
    }

    /** A context already assigned {@code partitions}, without a dead letter queue: for tests of the sink base itself. */
    public static TestSinkTaskContext assigned(TopicPartition... partitions) {
        TestSinkTaskContext context = new TestSinkTaskContext(Map.of(), false);
        context.assign(Set.of(partitions));
        return context;
    }

    @Override
    public Map<String, String> configs() {
        return configs;
    }

    @Override
    public synchronized void offset(Map<TopicPartition, Long> offsets) {
        seeks.putAll(offsets);
    }

    @Override
    public synchronized void offset(TopicPartition partition, long offset) {
        seeks.put(partition, offset);
    }

    /** Seeks requested since the last call. */
    synchronized Map<TopicPartition, Long> takeSeeks() {
        Map<TopicPartition, Long> taken = new HashMap<>(seeks);
        seeks.clear();
        return taken;
    }

    @Override
    public synchronized void timeout(long timeoutMs) {
        this.timeoutMs = timeoutMs;
        timeoutsMs.add(timeoutMs);
    }

    public long lastTimeoutMs() {
        return timeoutMs;
    }

    /**
     * Every timeout the task asked for, in order: a backoff, and the wake-ups a task with buffered rows asks for
     * so its buffer.flush.interval.ms holds while no records arrive.
     */
    public synchronized java.util.List<Long> timeoutsMs() {
        return java.util.List.copyOf(timeoutsMs);
    }

    @Override
    public Set<TopicPartition> assignment() {
        return Set.copyOf(assignment);
    }

    void assign(Set<TopicPartition> partitions) {
        assignment.clear();
        assignment.addAll(partitions);
    }

    @Override
    public synchronized void pause(TopicPartition... partitions) {
        paused.addAll(List.of(partitions));
    }

    @Override
    public synchronized void resume(TopicPartition... partitions) {
        List.of(partitions).forEach(paused::remove);
    }

    /** The partitions the task paused (the worker delivers no records of them). */
    public synchronized Set<TopicPartition> paused() {
        return Set.copyOf(paused);
    }

    @Override
    public void requestCommit() {
    }

    @Override
    public ErrantRecordReporter errantRecordReporter() {
        if (!withDeadLetterQueue) {
            return null;
        }
        return (record, error) -> {
            synchronized (deadLetters) {
                deadLetters.add(new DeadLetter(record, error));
            }
            return CompletableFuture.completedFuture(null);
        };
    }

    /** Records reported to the dead letter queue. */
    public List<DeadLetter> deadLetters() {
        synchronized (deadLetters) {
            return List.copyOf(deadLetters);
        }
    }

    @Override
    public PluginMetrics pluginMetrics() {
        throw new UnsupportedOperationException("no plugin metrics in the conformance harness");
    }
}
