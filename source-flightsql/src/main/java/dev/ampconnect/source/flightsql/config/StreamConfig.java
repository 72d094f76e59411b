package dev.ampconnect.source.flightsql.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

/**
 * The configuration of one stream, read from the keys {@code stream.<name>.<key>}. The keys are declared
 * once, relative to that prefix, in {@link #CONFIG_DEF}.
 */
public final class StreamConfig {

    /** Prefix of every per-stream key; the stream's name follows it. */
    public static final String PREFIX = "stream.";

    public static final String QUERY = "query";
    public static final String TOPIC = "topic";
    public static final String PARTITION = "partition";
    public static final String KEY_COLUMNS = "key.columns";
    public static final String NETWORK = "network";
    public static final String START_BLOCK = "start.block";
    public static final String START_BLOCK_PARENT_HASH = "start.block.parent.hash";

    private static final Pattern HASH = Pattern.compile("0x[0-9a-fA-F]{64}");

    /** The per-stream keys, relative to {@code stream.<name>.}. */
    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(QUERY, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "The SQL query of the stream, over ONE network, e.g. SELECT * FROM \"edgeandnode/ethereum_mainnet@1.0.0\".blocks. "
                            + "In stream mode it must be a streaming query: no aggregates, DISTINCT, LIMIT, global "
                            + "ORDER BY or window functions (the server rejects them). Pin dataset revisions.")
            .define(TOPIC, Type.STRING, "", Importance.HIGH,
                    "The Kafka topic of the stream. Empty: the stream's name.")
            .define(PARTITION, Type.INT, 0, Range.atLeast(0), Importance.MEDIUM,
                    "The ONE partition of the topic every record of the stream goes to (order within a stream is what "
                            + "makes reorg handling correct). The partition must exist.")
            .define(KEY_COLUMNS, Type.LIST, "", Importance.MEDIUM,
                    "record.format=rows: columns whose values form the record key (a Struct, in this order). Empty: null keys.")
            .define(NETWORK, Type.STRING, "", Importance.MEDIUM,
                    "The network the query covers (e.g. ethereum-mainnet). Required with " + START_BLOCK
                            + " > 0, where it names the network of the resume cursor; otherwise it is checked against "
                            + "what the server reports when set.")
            .define(START_BLOCK, Type.LONG, 0L, Range.atLeast(0), Importance.MEDIUM,
                    "Where a stream without stored offsets starts. 0: the earliest block the dataset has (no amp-resume "
                            + "header). N > 0: block N, sent as the resume cursor amp-resume: {\"<network>\":{\"number\":N-1,"
                            + "\"hash\":\"<" + START_BLOCK_PARENT_HASH + ">\"}}, i.e. 'resume after block N-1'; the "
                            + "server continues at N. amp-resume needs block N-1's hash, hence " + START_BLOCK_PARENT_HASH
                            + ". Stored offsets always win over this key.")
            .define(START_BLOCK_PARENT_HASH, Type.STRING, "", Importance.MEDIUM,
                    "With " + START_BLOCK + " = N > 0: the hash of block N-1 (the parent of block N) as 0x + 64 hex digits, "
                            + "e.g. from SELECT hash FROM <dataset>.blocks WHERE block_num = N-1. If it is no longer "
                            + "canonical the server walks back by itself.");

    private final String name;
    private final String query;
    private final String topic;
    private final int partition;
    private final List<String> keyColumns;
    private final String network;
    private final long startBlock;
    private final String startBlockParentHash;

    /**
     * Reads stream {@code name} from the connector's properties.
     *
     * @throws ConfigException naming the full key ({@code stream.<name>.<key>}) when a value is missing or invalid
     */
    public StreamConfig(String name, Map<String, String> connectorProps) {
        this.name = name;
        String prefix = prefix(name);
        AbstractConfig parsed;
        try {
            parsed = new AbstractConfig(CONFIG_DEF, withPrefix(prefix, connectorProps), false);
        } catch (ConfigException e) {
            throw new ConfigException("stream '" + name + "': " + e.getMessage()
                    + " (keys of this stream are prefixed " + prefix + ")");
        }
        this.query = parsed.getString(QUERY).trim();
        String configuredTopic = parsed.getString(TOPIC).trim();
        this.topic = configuredTopic.isEmpty() ? name : configuredTopic;
        this.partition = parsed.getInt(PARTITION);
        this.keyColumns = List.copyOf(parsed.getList(KEY_COLUMNS));
        this.network = parsed.getString(NETWORK).trim();
        this.startBlock = parsed.getLong(START_BLOCK);
        this.startBlockParentHash = parsed.getString(START_BLOCK_PARENT_HASH).trim();
        List<String> problems = crossKeyProblems(startBlock, network, startBlockParentHash);
        if (!problems.isEmpty()) {
            throw new ConfigException(prefix + START_BLOCK, startBlock, String.join("; ", problems));
        }
    }

    /** {@code stream.<name>.} */
    public static String prefix(String streamName) {
        return PREFIX + streamName + ".";
    }

    /**
     * Validates stream {@code name}'s keys, returning one {@link ConfigValue} per key under its FULL name
     * ({@code stream.<name>.<key>}), so errors attach to the key the user must fix.
     */
    public static List<ConfigValue> validate(String name, Map<String, String> connectorProps) {
        String prefix = prefix(name);
        List<ConfigValue> values = new ArrayList<>();
        Map<String, ConfigValue> byKey = new HashMap<>();
        for (ConfigValue value : CONFIG_DEF.validate(withPrefix(prefix, connectorProps))) {
            ConfigValue full = new ConfigValue(prefix + value.name(), value.value(), value.recommendedValues(),
                    new ArrayList<>(value.errorMessages()));
            values.add(full);
            byKey.put(value.name(), full);
        }
        ConfigValue start = byKey.get(START_BLOCK);
        if (start != null && start.errorMessages().isEmpty() && start.value() instanceof Long startBlock) {
            Object networkValue = byKey.get(NETWORK).value();
            Object hashValue = byKey.get(START_BLOCK_PARENT_HASH).value();
            crossKeyProblems(startBlock, networkValue == null ? "" : networkValue.toString().trim(),
                    hashValue == null ? "" : hashValue.toString().trim()).forEach(start::addErrorMessage);
        }
        return values;
    }

    private static List<String> crossKeyProblems(long startBlock, String network, String parentHash) {
        List<String> problems = new ArrayList<>();
        if (startBlock > 0) {
            if (network.isEmpty()) {
                problems.add("starting at block " + startBlock + " needs " + NETWORK + " (the resume cursor names the network)");
            }
            if (!HASH.matcher(parentHash).matches()) {
                problems.add("starting at block " + startBlock + " needs " + START_BLOCK_PARENT_HASH
                        + " = the hash of block " + (startBlock - 1) + " as 0x + 64 hex digits (amp-resume needs a hash), got '"
                        + parentHash + "'");
            }
        } else if (!parentHash.isEmpty()) {
            problems.add(START_BLOCK_PARENT_HASH + " is only used with " + START_BLOCK + " > 0");
        }
        return problems;
    }

    private static Map<String, String> withPrefix(String prefix, Map<String, String> props) {
        Map<String, String> relative = new HashMap<>();
        props.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                relative.put(key.substring(prefix.length()), value);
            }
        });
        return relative;
    }

    public String name() {
        return name;
    }

    public String query() {
        return query;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    public List<String> keyColumns() {
        return keyColumns;
    }

    /** The configured network, if any. */
    public Optional<String> network() {
        return network.isEmpty() ? Optional.empty() : Optional.of(network);
    }

    /** The configured start, when a stream without offsets must start after a given block. */
    public Optional<StartCursor> startCursor() {
        if (startBlock == 0) {
            return Optional.empty();
        }
        return Optional.of(new StartCursor(network, startBlock - 1, startBlockParentHash));
    }

    /** The first block a stream without offsets emits: 0 (earliest) or {@code start.block}. */
    public long startBlock() {
        return startBlock;
    }

    /**
     * A configured start: resume after block {@code number} whose hash is {@code hash}.
     *
     * @param network the network
     * @param number  the last block NOT to emit (start.block - 1)
     * @param hash    its hash
     */
    public record StartCursor(String network, long number, String hash) {
    }

    @Override
    public String toString() {
        return "stream " + name + " -> " + topic + "[" + partition + "]";
    }
}
