package dev.ampconnect.benchmarks.postgresql;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * A sink that only counts what it receives: with the same converters, it measures what the Connect worker
 * itself (consumer + value converter) can deliver, the ceiling of any sink in that format.
 */
public final class DiscardingSinkConnector extends SinkConnector {

    /** Records received by every task of this JVM. */
    static final AtomicLong RECEIVED = new AtomicLong();

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> connectorProps) {
        this.props = connectorProps;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return CountingTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return Collections.nCopies(maxTasks, props);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public String version() {
        return "bench";
    }

    /** Counts records. */
    public static final class CountingTask extends SinkTask {
        @Override
        public void start(Map<String, String> taskProps) {
        }

        @Override
        public void put(Collection<SinkRecord> records) {
            RECEIVED.addAndGet(records.size());
        }

        @Override
        public void stop() {
        }

        @Override
        public String version() {
            return "bench";
        }
    }
}
