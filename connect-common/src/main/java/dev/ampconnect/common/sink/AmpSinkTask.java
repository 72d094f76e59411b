package dev.ampconnect.common.sink;

import dev.ampconnect.common.config.AmpConnectVersion;
import dev.ampconnect.common.sink.store.SinkStore;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * Base of every amp sink task: Connect's lifecycle delegated to a {@link SinkEngine} over the backend's
 * {@link SinkStore}. A backend implements only {@link #createStore}.
 */
public abstract class AmpSinkTask extends SinkTask {

    private SinkEngine engine;
    private java.util.function.UnaryOperator<SinkStore> storeDecorator = java.util.function.UnaryOperator.identity();

    /** Creates the backend for this task (connected, with its state tables in place). */
    protected abstract SinkStore createStore(AmpSinkConfig config, Map<String, String> props);

    @Override
    public void start(Map<String, String> props) {
        AmpSinkConfig config = new AmpSinkConfig(props);
        SinkStore store = storeDecorator.apply(createStore(config, props));
        engine = new SinkEngine(config, store, context, Clock.systemUTC());
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        engine.open(partitions);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        engine.put(records);
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        return engine.preCommit();
    }

    @Override
    public void flush(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        // preCommit() flushes and reports stored offsets; Connect's flush() is not used
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        if (engine != null) {
            engine.close(partitions);
        }
    }

    @Override
    public void stop() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }

    /** The amp-connect release: every task of the project reports the same version as its connector. */
    @Override
    public String version() {
        return AmpConnectVersion.get();
    }

    /**
     * A test seam: wraps the store this task creates at {@code start()} (the conformance kit injects store failures
     * between the steps of a unit with it). Call before {@code start()}.
     */
    public AmpSinkTask decorateStore(java.util.function.UnaryOperator<SinkStore> decorator) {
        this.storeDecorator = java.util.Objects.requireNonNull(decorator, "decorator");
        return this;
    }

    /** The running task's metrics (null before start). */
    public SinkMetrics metrics() {
        return engine == null ? null : engine.metrics();
    }
}
