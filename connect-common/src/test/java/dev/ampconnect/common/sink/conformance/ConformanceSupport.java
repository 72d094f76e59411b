package dev.ampconnect.common.sink.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import dev.ampconnect.common.sink.AmpSinkTask;
import dev.ampconnect.common.sink.store.SinkStore;
import org.apache.kafka.connect.sink.SinkTask;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/** Shared setup of the suites: a fresh store and topic log per test, connector configs, task drivers. */
public abstract class ConformanceSupport {

    /** The default connector of a test. */
    protected static final String CONNECTOR = "conformance";

    protected TopicLog log;
    protected String topic;
    private final List<SinkTaskDriver> drivers = new ArrayList<>();

    /** The backend's probe. */
    protected abstract SinkProbe probe();

    @BeforeEach
    void freshStore(TestInfo test) {
        probe().reset();
        log = new TopicLog();
        String method = test.getTestMethod().map(m -> m.getName()).orElse("t");
        topic = "t_" + method.replaceAll("[^A-Za-z0-9]", "").toLowerCase(java.util.Locale.ROOT);
        if (topic.length() > 40) {
            topic = topic.substring(0, 40);
        }
    }

    @AfterEach
    void stopDrivers() {
        for (SinkTaskDriver driver : drivers) {
            driver.crash();
        }
        drivers.clear();
    }

    /** The config of a connector: base keys tuned for tests, the store's keys, and {@code extra}. */
    protected Map<String, String> config(String connector, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(probe().storeConfig());
        config.put("name", connector);
        config.put("topics", topic);
        config.put("header.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("buffer.flush.rows", "100000");
        config.put("buffer.flush.interval.ms", "600000");
        config.put("max.retries", "3");
        config.put("retry.backoff.ms", "10");
        config.putAll(extra);
        return config;
    }

    /** A started driver of a new task of {@code connector} on partition 0 of the test topic. */
    protected SinkTaskDriver task(String connector, Map<String, String> extra) {
        SinkTaskDriver driver = new SinkTaskDriver(probe().newTask(), config(connector, extra), log,
                Set.of(new TopicPartition(topic, 0)));
        drivers.add(driver);
        return driver.start();
    }

    /**
     * A started driver of a new task of {@code connector} whose store is wrapped by {@code decorator} (the kit injects
     * store failures with it).
     */
    protected SinkTaskDriver task(String connector, Map<String, String> extra, UnaryOperator<SinkStore> decorator) {
        SinkTask task = probe().newTask();
        ((AmpSinkTask) task).decorateStore(decorator);
        SinkTaskDriver driver = new SinkTaskDriver(task, config(connector, extra), log, Set.of(new TopicPartition(topic, 0)));
        drivers.add(driver);
        return driver.start();
    }

    protected SinkTaskDriver task() {
        return task(CONNECTOR, Map.of());
    }

    protected TopicPartition partition() {
        return new TopicPartition(topic, 0);
    }

    /** A stream of the test topic on {@code network}. */
    protected ChainStream stream(String network) {
        return new ChainStream(log, topic, "blocks", network);
    }

    /** The {@code id} column of every row, in order. */
    protected List<Object> ids(String table) {
        List<Object> ids = new ArrayList<>();
        for (Map<String, Object> row : probe().rows(table, ChainStream.ROW_SCHEMA, "id")) {
            ids.add(row.get("id"));
        }
        return ids;
    }

    /** The ids of blocks {@code from..to} with {@code perBlock} rows each, as the default rows name them. */
    protected static List<Object> expectedIds(String network, long from, long to, int perBlock) {
        List<Object> ids = new ArrayList<>();
        for (long block = from; block <= to; block++) {
            for (int i = 0; i < perBlock; i++) {
                ids.add(network + ":" + block + ":" + i);
            }
        }
        ids.sort((a, b) -> a.toString().compareTo(b.toString()));
        return ids;
    }

    protected static List<Object> sorted(List<Object> ids) {
        List<Object> copy = new ArrayList<>(ids);
        copy.sort((a, b) -> a.toString().compareTo(b.toString()));
        return copy;
    }

    protected void assertRowCount(long expected, String table) {
        assertEquals(expected, probe().rowCount(table), "rows in " + table);
    }

    protected static Schema rowSchema() {
        return ChainStream.ROW_SCHEMA;
    }
}
