package dev.ampconnect.sink.clickhouse;

import com.clickhouse.data.ClickHouseFormat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The sink's own state in ClickHouse: ONE append-only MergeTree table, {@code amp_sink_log}, of versioned rows
 * (ClickHouse has no transaction spanning two tables, but a single-block INSERT into one table becomes visible all
 * at once), and the view {@code amp_sink_progress} over it. Every row is keyed by the connector name and carries
 * the {@link ChVersion} of the partition owner that wrote it; a reader takes, per key, the row of the highest
 * version. Kinds of rows:
 * <ul>
 *   <li>{@code claim} (per partition): an owner's claim, with the partition's offset {@code lineage};</li>
 *   <li>{@code intent} (per partition): a unit began, {@code [from_offset, to_offset)} (a restart re-forms it when
 *       no later {@code offset} row covers it);</li>
 *   <li>{@code offset} (per partition): the stored {@code next_offset};</li>
 *   <li>{@code state} (per table): the table state; {@code snapshot} marks a full copy of the table's registry,
 *       below whose version the table's older rows no longer count;</li>
 *   <li>{@code batch} (per table, stream, network, batch id): one range of a registered batch, or a tombstone
 *       ({@code removed}) of one.</li>
 * </ul>
 * A unit's commit marker is one INSERT of its offset row and its tables' state and batch rows, all with one version.
 * Rows superseded by newer ones are deleted now and then ({@link #delete}); correctness never depends on it.
 */
final class ChStateLog {

    static final String LOG = "amp_sink_log";
    static final String PROGRESS = "amp_sink_progress";

    static final String CLAIM = "claim";
    static final String INTENT = "intent";
    static final String OFFSET = "offset";
    static final String STATE = "state";
    static final String BATCH = "batch";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChClient client;
    private final String connector;

    ChStateLog(ChClient client, String connector) {
        this.client = client;
        this.connector = connector;
    }

    String connector() {
        return connector;
    }

    ChClient client() {
        return client;
    }

    /** {@code `database`.`amp_sink_log`}. */
    String qualified() {
        return ChIdentifiers.qualified(client.database(), LOG);
    }

    /** Creates the log table and the progress view when missing (idempotent: tasks may race on it). */
    void create() {
        client.execute("CREATE TABLE IF NOT EXISTS " + qualified() + " ("
                + "connector String, kind LowCardinality(String), table_name String, topic String, kafka_partition Int32,"
                + " epoch UInt64, nonce String, seq UInt64, lineage String, unit String,"
                + " from_offset Int64, to_offset Int64, next_offset Int64,"
                + " snapshot Bool, stream Nullable(String), source Nullable(String), session Nullable(String),"
                + " retired_sessions Array(String), last_sequence Int64, pruned_through Map(String, Int64),"
                + " batch_id String, network String, range_index UInt32, sequence Int64, start_block Int64, end_block Int64,"
                + " hash Nullable(String), prev_hash Nullable(String), block_timestamp Nullable(Int64), rows Int64,"
                + " complete Bool, batch_session String, removed Bool,"
                + " written_at DateTime64(3, 'UTC') DEFAULT now64(3))"
                + " ENGINE = MergeTree ORDER BY (connector, kind, table_name, topic, kafka_partition)", Map.of(), Map.of());
        client.execute("CREATE OR REPLACE VIEW " + ChIdentifiers.qualified(client.database(), PROGRESS) + " AS "
                + progressQuery(), Map.of(), Map.of());
    }

    /**
     * Per connector, table, stream and network: the last complete block, its hash, and the highest sequence of a
     * complete batch (rows with {@code _amp_batch_seq} up to it belong to complete, committed batches). Built like
     * every reader of the log: rows below the table's newest snapshot ignored, the newest version per batch key,
     * tombstones dropped.
     */
    private String progressQuery() {
        return "SELECT connector, table_name, stream, network, max(latest.3) AS last_complete_block,"
                + " argMax(latest.4, latest.3) AS last_complete_hash, max(latest.5) AS last_complete_sequence,"
                + " max(latest.6) AS updated_at"
                + " FROM (SELECT connector, table_name, stream, network, batch_id,"
                + " argMax((removed, complete, end_block, hash, sequence, written_at), (epoch, nonce, seq)) AS latest"
                + " FROM (SELECT *, max(if(kind = 'state' AND snapshot, (epoch, nonce, seq), (toUInt64(0), '', toUInt64(0))))"
                + " OVER (PARTITION BY connector, table_name) AS since FROM " + qualified()
                + " WHERE kind IN ('state', 'batch'))"
                + " WHERE kind = 'batch' AND (epoch, nonce, seq) >= since"
                + " GROUP BY connector, table_name, stream, network, batch_id)"
                + " WHERE NOT latest.1 AND latest.2"
                + " GROUP BY connector, table_name, stream, network";
    }

    /** A new row of {@code kind} about {@code generation}'s partition, at {@code version}. */
    ObjectNode row(String kind, ChGeneration generation, ChVersion version) {
        ObjectNode row = JSON.createObjectNode();
        row.put("connector", connector);
        row.put("kind", kind);
        row.put("topic", generation.partition().topic());
        row.put("kafka_partition", generation.partition().partition());
        row.put("epoch", version.epoch());
        row.put("nonce", version.nonce());
        row.put("seq", version.seq());
        row.put("lineage", generation.lineage());
        return row;
    }

    /**
     * Appends {@code rows} as ONE insert of one block, so they become visible together or not at all. No dedup
     * token: a repeated row group is harmless (its rows equal the first ones), and log rows must never be dropped
     * as a repeat of an older, deleted group.
     */
    void append(List<ObjectNode> rows) {
        if (rows.isEmpty()) {
            return;
        }
        byte[][] lines = new byte[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            try {
                lines[i] = JSON.writeValueAsBytes(rows.get(i));
            } catch (IOException e) {
                throw new IllegalStateException("cannot encode a row of " + LOG, e);
            }
        }
        client.insert(LOG, out -> {
            for (byte[] line : lines) {
                out.write(line);
                out.write('\n');
            }
        }, ClickHouseFormat.JSONEachRow, Map.of(
                "async_insert", "0",
                "insert_deduplicate", "0",
                "wait_end_of_query", "1",
                "max_insert_block_size", Integer.toString(Math.max(rows.size(), 1)),
                "input_format_parallel_parsing", "0"));
    }

    /** Rows of this connector's log: {@code SELECT <columns> FROM log WHERE connector = … AND <condition>}. */
    List<JsonNode> select(String columns, String condition, Map<String, Object> parameters) {
        Map<String, Object> bound = new java.util.HashMap<>(parameters);
        bound.put("connector", connector);
        return client.queryJson("SELECT " + columns + " FROM " + qualified() + " WHERE connector = {connector:String} AND "
                + condition, bound);
    }

    /**
     * Deletes superseded rows of this connector ({@code condition}): a lightweight DELETE left to run in the
     * background (it only saves space: readers already ignore what it removes; rows inserted after it stay).
     */
    void delete(String condition, Map<String, Object> parameters) {
        Map<String, Object> bound = new java.util.HashMap<>(parameters);
        bound.put("connector", connector);
        client.execute("DELETE FROM " + qualified() + " WHERE connector = {connector:String} AND " + condition, bound,
                Map.of("lightweight_deletes_sync", "0", "lightweight_delete_mode", "alter_update"));
    }
}
