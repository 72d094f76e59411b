package dev.ampconnect.source.flightsql;

import dev.ampconnect.common.config.AmpConnectVersion;
import dev.ampconnect.source.flightsql.config.AmpSourceConfig;
import dev.ampconnect.source.flightsql.config.StreamConfig;
import dev.ampconnect.source.flightsql.config.TaskAssignment;
import dev.ampconnect.source.flightsql.flight.ConnectivityCheck;
import dev.ampconnect.source.flightsql.offset.StreamOffsets;
import dev.ampconnect.source.flightsql.record.SourcePartitions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Kafka Connect source for amp's Arrow Flight SQL streams. Each configured stream (one SQL query over one
 * network) is read by one task into ONE partition of its topic, as records of the record contract v1:
 * data rows, watermarks at every completed microbatch, invalidations at every reorg and at every
 * (re)start. Supports exactly-once delivery with connector-defined transaction boundaries (KIP-618) and
 * operator offset edits (KIP-875). See the module README for every key.
 */
public class AmpFlightSqlSourceConnector extends SourceConnector {

    /** Connect's framework key whose value {@code all} would silently drop invalidations. */
    static final String ERRORS_TOLERANCE = "errors.tolerance";
    /** The producer transaction timeout a connector may override (needs a permissive override policy). */
    static final String PRODUCER_TRANSACTION_TIMEOUT = "producer.override.transaction.timeout.ms";

    private Map<String, String> props;
    private AmpSourceConfig config;

    @Override
    public String version() {
        return AmpConnectVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        this.config = new AmpSourceConfig(props);
        // fail at start, not in a task, when a stream's keys are wrong
        config.streams();
    }

    @Override
    public Class<? extends Task> taskClass() {
        return AmpFlightSqlSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return TaskAssignment.taskConfigs(props, config.streamNames(), maxTasks);
    }

    @Override
    public void stop() {
        // nothing to release: tasks own every connection
    }

    @Override
    public ConfigDef config() {
        return AmpSourceConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config result = super.validate(connectorConfigs);
        List<ConfigValue> values = new ArrayList<>(result.configValues());
        Map<String, ConfigValue> byName = new HashMap<>();
        values.forEach(value -> byName.put(value.name(), value));

        String tolerance = connectorConfigs.get(ERRORS_TOLERANCE);
        if (tolerance != null && tolerance.trim().toLowerCase(Locale.ROOT).equals("all")) {
            ConfigValue value = new ConfigValue(ERRORS_TOLERANCE, tolerance, List.of(), new ArrayList<>());
            value.addErrorMessage("errors.tolerance=all is not allowed on this source: a skipped record could be an "
                    + "invalidation, and the sinks would then keep rows of an abandoned fork. Use errors.tolerance=none.");
            values.add(value);
        }
        checkTransactionBound(connectorConfigs, byName.get(AmpSourceConfig.TRANSACTION_MAX_MS));

        ConfigValue streams = byName.get(AmpSourceConfig.STREAMS);
        if (streams == null || !streams.errorMessages().isEmpty() || !(streams.value() instanceof List<?> names)) {
            return new Config(values);
        }
        boolean streamErrors = false;
        for (Object name : names) {
            for (ConfigValue value : StreamConfig.validate(name.toString(), connectorConfigs)) {
                streamErrors |= !value.errorMessages().isEmpty();
                values.add(value);
                byName.put(value.name(), value);
            }
        }
        if (!streamErrors && values.stream().allMatch(value -> value.errorMessages().isEmpty())) {
            AmpSourceConfig parsed = new AmpSourceConfig(connectorConfigs);
            ConnectivityCheck.run(parsed, parsed.streams()).forEach((key, message) ->
                    Optional.ofNullable(byName.get(key)).orElseGet(() -> {
                        ConfigValue added = new ConfigValue(key, null, List.of(), new ArrayList<>());
                        values.add(added);
                        byName.put(key, added);
                        return added;
                    }).addErrorMessage(message));
        }
        return new Config(values);
    }

    private static void checkTransactionBound(Map<String, String> configs, ConfigValue maxMs) {
        String timeout = configs.get(PRODUCER_TRANSACTION_TIMEOUT);
        if (timeout == null || maxMs == null || !maxMs.errorMessages().isEmpty() || !(maxMs.value() instanceof Long bound)) {
            return;
        }
        try {
            long timeoutMs = Long.parseLong(timeout.trim());
            if (bound * 2 > timeoutMs) {
                maxMs.addErrorMessage(AmpSourceConfig.TRANSACTION_MAX_MS + "=" + bound + " must be less than half of "
                        + PRODUCER_TRANSACTION_TIMEOUT + "=" + timeoutMs + ", or a slow microbatch could outlive its "
                        + "producer transaction");
            }
        } catch (NumberFormatException e) {
            // the worker reports a malformed producer override itself
        }
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        // offsets are resume cursors committed with the records in the same transaction; replays are removed by rewinds
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> connectorConfig) {
        return ConnectorTransactionBoundaries.SUPPORTED;
    }

    /**
     * Validates operator-supplied offsets (KIP-875 {@code PATCH}/{@code DELETE /connectors/NAME/offsets}):
     * each partition must be {@code {"stream": <configured stream>}}, each offset {@code null} (reset: start
     * per the stream's start keys) or {@code {"cursor": "<amp-resume JSON>"}}, optionally with {@code v} and
     * {@code history}. The restarted task rewinds from the new cursor.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        AmpSourceConfig parsed = new AmpSourceConfig(connectorConfig);
        List<String> configured = parsed.streamNames();
        for (Map.Entry<Map<String, ?>, Map<String, ?>> entry : offsets.entrySet()) {
            String stream = SourcePartitions.streamOf(entry.getKey());
            if (stream == null) {
                throw new ConnectException("source partition " + entry.getKey() + " is not of this connector's form "
                        + "{\"" + SourcePartitions.STREAM + "\": \"<stream name>\"}");
            }
            if (!configured.contains(stream)) {
                throw new ConnectException("source partition " + entry.getKey() + " names stream '" + stream
                        + "', which is not configured (streams: " + configured + ")");
            }
            if (entry.getValue() != null) {
                StreamOffsets.decode(stream, entry.getValue());
            }
        }
        return true;
    }
}
