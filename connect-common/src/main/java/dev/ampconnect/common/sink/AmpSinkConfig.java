package dev.ampconnect.common.sink;

import dev.ampconnect.common.config.ConfigDefs;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * The store-independent configuration every amp sink shares, one ConfigDef per concern (tables,
 * buffering, reorgs, retries). A backend adds its own keys ({@code pg.*}, {@code redis.*}, …).
 */
public final class AmpSinkConfig extends AbstractConfig {

    public static final String TABLE_NAME_FORMAT = "table.name.format";
    public static final String TABLE_AUTO_CREATE = "table.auto.create";
    public static final String TABLE_AUTO_EVOLVE = "table.auto.evolve";
    public static final String TABLE_TRUNCATE_ON_FIRST_WRITE = "table.truncate.on.first.write";

    public static final String BUFFER_FLUSH_ROWS = "buffer.flush.rows";
    public static final String BUFFER_FLUSH_BYTES = "buffer.flush.bytes";
    public static final String BUFFER_FLUSH_INTERVAL_MS = "buffer.flush.interval.ms";
    public static final String BUFFER_FLUSH_PIPELINED = "buffer.flush.pipelined";
    public static final String ARROW_MEMORY_MAX_BYTES = "arrow.memory.max.bytes";

    public static final String REORG_MAX_DEPTH_BLOCKS = "reorg.max.depth.blocks";

    public static final String MAX_RETRIES = "max.retries";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";

    /** Connect's own connector keys the sink base reads (declared by the framework, not here). */
    public static final String CONNECTOR_NAME = "name";
    public static final String ERRORS_TOLERANCE = "errors.tolerance";
    public static final String HEADER_CONVERTER = "header.converter";

    private static final String TABLES_GROUP = "Tables";
    private static final String BUFFER_GROUP = "Buffering";
    private static final String REORG_GROUP = "Reorgs";
    private static final String RETRY_GROUP = "Retries";

    public AmpSinkConfig(Map<String, String> props) {
        super(configDef(), props);
        if (getLong(RETRY_BACKOFF_MAX_MS) < getLong(RETRY_BACKOFF_MS)) {
            throw new ConfigException(RETRY_BACKOFF_MAX_MS, getLong(RETRY_BACKOFF_MAX_MS),
                    "must be at least " + RETRY_BACKOFF_MS + " (" + getLong(RETRY_BACKOFF_MS) + ")");
        }
        TableNameFormat.parse(getString(TABLE_NAME_FORMAT));
    }

    /** Every key of the sink base. */
    public static ConfigDef configDef() {
        return ConfigDefs.merge(tablesDef(), bufferingDef(), reorgDef(), retryDef());
    }

    /** Where rows go and how tables are managed. */
    public static ConfigDef tablesDef() {
        int order = 0;
        return new ConfigDef()
                .define(TABLE_NAME_FORMAT, Type.STRING, "${topic}", new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "Target table of a record. ${topic} is replaced by the record's topic and ${stream} by its"
                                + " amp.stream header (the topic for records without amp headers). One table holds one"
                                + " stream.", TABLES_GROUP, ++order, Width.MEDIUM, "Table name format")
                .define(TABLE_AUTO_CREATE, Type.BOOLEAN, true, Importance.MEDIUM,
                        "Create a missing table from the record's value schema. When false, a missing table fails the"
                                + " task with an error naming it.", TABLES_GROUP, ++order, Width.SHORT, "Auto-create tables")
                .define(TABLE_AUTO_EVOLVE, Type.BOOLEAN, true, Importance.MEDIUM,
                        "Add columns for new value fields (add-column evolution). When false, a field without a column"
                                + " fails the task.", TABLES_GROUP, ++order, Width.SHORT, "Auto-evolve tables")
                .define(TABLE_TRUNCATE_ON_FIRST_WRITE, Type.BOOLEAN, false, Importance.LOW,
                        "Empty a table the first time this connector writes into it (when the store holds no state of"
                                + " this connector for the table), in the same transaction as the first rows. Restarts"
                                + " never truncate again. Only for stores that support it.", TABLES_GROUP, ++order,
                        Width.SHORT, "Overwrite on first write");
    }

    /** When buffered rows are flushed (independent of max.poll.records). */
    public static ConfigDef bufferingDef() {
        int order = 0;
        return new ConfigDef()
                .define(BUFFER_FLUSH_ROWS, Type.INT, 50_000, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                        "Flush when a table has buffered this many rows (an arrow-format record counts its rows).",
                        BUFFER_GROUP, ++order, Width.SHORT, "Flush rows")
                .define(BUFFER_FLUSH_BYTES, Type.LONG, 32L * 1024 * 1024, ConfigDef.Range.atLeast(1024), Importance.MEDIUM,
                        "Flush when a table has buffered about this many bytes of values.", BUFFER_GROUP, ++order,
                        Width.SHORT, "Flush bytes")
                .define(BUFFER_FLUSH_INTERVAL_MS, Type.LONG, 5_000L, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                        "Flush when the oldest unflushed record is this old (and no earlier flush is still being written),"
                                + " also when no more records arrive (the task"
                                + " asks the worker for a put() then, instead of waiting for its next offset commit)."
                                + " Lower it (e.g. 500) for live tails that readers follow.", BUFFER_GROUP, ++order,
                        Width.SHORT, "Flush interval")
                .define(BUFFER_FLUSH_PIPELINED, Type.BOOLEAN, true, Importance.LOW,
                        "Write a full buffer in the background while the next records are buffered and converted: at"
                                + " most one unit of work in flight, its offsets reported only once it is stored, a"
                                + " failed unit written again exactly as it was before the next one. Loading a table,"
                                + " offset commits and rebalances wait for it. false writes every unit on the task's"
                                + " thread.",
                        BUFFER_GROUP, ++order, Width.SHORT, "Pipelined flush")
                .define(ARROW_MEMORY_MAX_BYTES, Type.LONG, 1024L * 1024 * 1024, ConfigDef.Range.atLeast(1024L * 1024),
                        Importance.LOW, "Upper bound of the Arrow (direct) memory one task may hold for columnar batches;"
                                + " keep it well above buffer.flush.bytes.", BUFFER_GROUP, ++order, Width.SHORT,
                        "Arrow memory limit");
    }

    /** How long the batch registry remembers microbatches. */
    public static ConfigDef reorgDef() {
        return new ConfigDef()
                .define(REORG_MAX_DEPTH_BLOCKS, Type.LONG, 1_000L, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                        "Registry entries (and keyed-mode pre-images) of batches ending more than this many blocks below"
                                + " the newest block of their network are pruned. Keep it at least the source's"
                                + " reorg.max.depth.blocks: an invalidation reaching a pruned batch fails loudly.",
                        REORG_GROUP, 1, Width.SHORT, "Reorg window (blocks)");
    }

    /** Transient store errors. */
    public static ConfigDef retryDef() {
        int order = 0;
        return new ConfigDef()
                .define(MAX_RETRIES, Type.INT, 10, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                        "Consecutive transient store failures tolerated before the task fails. After each one the"
                                + " task keeps the failed unit, pauses its partitions and writes the unit again after the"
                                + " backoff.", RETRY_GROUP, ++order, Width.SHORT, "Max retries")
                .define(RETRY_BACKOFF_MS, Type.LONG, 1_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "Backoff after the first transient failure; doubles per consecutive failure.", RETRY_GROUP,
                        ++order, Width.SHORT, "Retry backoff")
                .define(RETRY_BACKOFF_MAX_MS, Type.LONG, 60_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "Upper bound of the retry backoff.", RETRY_GROUP, ++order, Width.SHORT, "Max retry backoff");
    }

    public TableNameFormat tableNameFormat() {
        return TableNameFormat.parse(getString(TABLE_NAME_FORMAT));
    }

    public boolean autoCreate() {
        return getBoolean(TABLE_AUTO_CREATE);
    }

    public boolean autoEvolve() {
        return getBoolean(TABLE_AUTO_EVOLVE);
    }

    public boolean truncateOnFirstWrite() {
        return getBoolean(TABLE_TRUNCATE_ON_FIRST_WRITE);
    }

    public int flushRows() {
        return getInt(BUFFER_FLUSH_ROWS);
    }

    public long flushBytes() {
        return getLong(BUFFER_FLUSH_BYTES);
    }

    public long flushIntervalMs() {
        return getLong(BUFFER_FLUSH_INTERVAL_MS);
    }

    /** Whether a threshold flush is applied in the background (see {@link #BUFFER_FLUSH_PIPELINED}). */
    public boolean flushPipelined() {
        return getBoolean(BUFFER_FLUSH_PIPELINED);
    }

    public long arrowMemoryMaxBytes() {
        return getLong(ARROW_MEMORY_MAX_BYTES);
    }

    public long reorgMaxDepthBlocks() {
        return getLong(REORG_MAX_DEPTH_BLOCKS);
    }

    public int maxRetries() {
        return getInt(MAX_RETRIES);
    }

    public long retryBackoffMs() {
        return getLong(RETRY_BACKOFF_MS);
    }

    public long retryBackoffMaxMs() {
        return getLong(RETRY_BACKOFF_MAX_MS);
    }

    /** The connector's name ({@code name}): the key of this connector's offsets, registry and table state. */
    public String connectorName() {
        Object name = originals().get(CONNECTOR_NAME);
        if (name == null || name.toString().isBlank()) {
            throw new ConfigException(CONNECTOR_NAME, name, "the sink needs the connector name to key its offsets and registry");
        }
        return name.toString();
    }

    /** Whether {@code errors.tolerance=all}: bad records go to the dead letter queue instead of failing the task. */
    public boolean toleratesErrors() {
        Object tolerance = originals().get(ERRORS_TOLERANCE);
        return tolerance != null && "all".equalsIgnoreCase(tolerance.toString().trim());
    }
}
