package dev.ampconnect.sink.postgresql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ampconnect.common.range.BlockRange;
import dev.ampconnect.common.sink.store.RegisteredBatch;
import dev.ampconnect.common.sink.store.TableSnapshot;
import dev.ampconnect.common.sink.store.TableState;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The sink's registry and table state, keyed by connector name, written in the same transaction as the rows (UNIT and
 * TABLE scopes) or with the offsets as the commit marker (IDEMPOTENT scope):
 * <ul>
 *   <li>{@code amp_sink_tables (connector, table_name) -> stream, source, session, retired_sessions,
 *       last_sequence, pruned_through};</li>
 *   <li>{@code amp_sink_batches (connector, table_name, stream, network, batch_id) -> sequence, start_block,
 *       end_block, hash, prev_hash, rows, complete, session}: the batch registry, one row per range;</li>
 *   <li>view {@code amp_sink_progress}: per table/stream/network the last complete block, its hash and
 *       sequence (readers hide incomplete batches with {@code _amp_batch_seq <= last_complete_sequence}).</li>
 * </ul>
 */
final class PgStateTables {

    static final String TABLES = "amp_sink_tables";
    static final String BATCHES = "amp_sink_batches";
    static final String PROGRESS = "amp_sink_progress";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String schema;
    private final String connector;

    PgStateTables(String schema, String connector) {
        this.schema = schema;
        this.connector = connector;
    }

    private String name(String table) {
        return PgIdentifiers.qualified(schema, table);
    }

    /** Takes the lock that serialises the creation of the sink's tables across tasks (until the transaction ends). */
    void lockForCreation(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, "amp-connect:state:" + schema);
            lock.execute();
        }
    }

    /** Creates the registry and state tables and the progress view when missing. */
    void create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + name(TABLES) + " (connector TEXT NOT NULL, table_name TEXT NOT NULL,"
                    + " stream TEXT, source TEXT, session TEXT, retired_sessions TEXT[] NOT NULL, last_sequence BIGINT NOT NULL,"
                    + " pruned_through JSONB NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),"
                    + " PRIMARY KEY (connector, table_name))");
            statement.execute("CREATE TABLE IF NOT EXISTS " + name(BATCHES) + " (connector TEXT NOT NULL, table_name TEXT NOT NULL,"
                    + " stream TEXT NOT NULL, network TEXT NOT NULL, batch_id TEXT NOT NULL, range_index INTEGER NOT NULL,"
                    + " sequence BIGINT NOT NULL, start_block BIGINT NOT NULL, end_block BIGINT NOT NULL, hash TEXT,"
                    + " prev_hash TEXT, block_timestamp BIGINT, rows BIGINT NOT NULL, complete BOOLEAN NOT NULL,"
                    + " session TEXT NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),"
                    + " PRIMARY KEY (connector, table_name, stream, network, batch_id))");
            statement.execute("CREATE INDEX IF NOT EXISTS " + PgIdentifiers.quote(BATCHES + "_by_sequence") + " ON "
                    + name(BATCHES) + " (connector, table_name, sequence)");
            statement.execute("CREATE OR REPLACE VIEW " + name(PROGRESS) + " AS SELECT DISTINCT ON (connector, table_name,"
                    + " stream, network) connector, table_name, stream, network, end_block AS last_complete_block,"
                    + " hash AS last_complete_hash, sequence AS last_complete_sequence, updated_at FROM " + name(BATCHES)
                    + " WHERE complete ORDER BY connector, table_name, stream, network, end_block DESC");
        }
    }

    /** The table's state and registry as stored. */
    TableSnapshot load(Connection connection, String table) throws SQLException {
        Optional<TableState> state = Optional.empty();
        try (PreparedStatement select = connection.prepareStatement("SELECT stream, source, session, retired_sessions,"
                + " last_sequence, pruned_through FROM " + name(TABLES) + " WHERE connector = ? AND table_name = ?")) {
            select.setString(1, connector);
            select.setString(2, table);
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    state = Optional.of(new TableState(row.getString(1), row.getString(2), row.getString(3),
                            Arrays.asList((String[]) row.getArray(4).getArray()), row.getLong(5), prunedThrough(row.getString(6))));
                }
            }
        }
        Map<Long, List<Object[]>> rangesBySequence = new TreeMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT sequence, range_index, stream, batch_id, network,"
                + " start_block, end_block, hash, prev_hash, block_timestamp, rows, complete, session FROM " + name(BATCHES)
                + " WHERE connector = ? AND table_name = ?")) {
            select.setString(1, connector);
            select.setString(2, table);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    long blockTimestamp = row.getLong(10);
                    Long timestamp = row.wasNull() ? null : blockTimestamp;
                    BlockRange range = new BlockRange(row.getString(5), row.getLong(6), row.getLong(7), row.getString(8),
                            row.getString(9), timestamp);
                    rangesBySequence.computeIfAbsent(row.getLong(1), s -> new ArrayList<>()).add(new Object[] {
                        row.getInt(2), range, row.getString(3), row.getString(4), row.getLong(11), row.getBoolean(12),
                        row.getString(13)});
                }
            }
        }
        List<RegisteredBatch> batches = new ArrayList<>();
        rangesBySequence.forEach((sequence, rows) -> {
            rows.sort(Comparator.comparingInt(r -> (Integer) r[0]));
            Object[] first = rows.get(0);
            List<BlockRange> ranges = rows.stream().map(r -> (BlockRange) r[1]).toList();
            batches.add(new RegisteredBatch((String) first[2], (String) first[3], sequence, ranges, (Long) first[4],
                    (Boolean) first[5], (String) first[6]));
        });
        return new TableSnapshot(state, batches);
    }

    /** Inserts the table's state row if absent; true when this unit created it (the table is new to the connector). */
    boolean claimNewTable(Connection connection, String table) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + name(TABLES) + " (connector, table_name,"
                + " retired_sessions, last_sequence, pruned_through) VALUES (?, ?, '{}', 0, '{}') ON CONFLICT DO NOTHING")) {
            insert.setString(1, connector);
            insert.setString(2, table);
            return insert.executeUpdate() == 1;
        }
    }

    void writeState(Connection connection, String table, TableState state) throws SQLException {
        Array retired = connection.createArrayOf("text", state.retiredSessions().toArray());
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + name(TABLES) + " (connector, table_name,"
                + " stream, source, session, retired_sessions, last_sequence, pruned_through) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb)"
                + " ON CONFLICT (connector, table_name) DO UPDATE SET stream = EXCLUDED.stream, source = EXCLUDED.source,"
                + " session = EXCLUDED.session, retired_sessions = EXCLUDED.retired_sessions,"
                + " last_sequence = EXCLUDED.last_sequence, pruned_through = EXCLUDED.pruned_through, updated_at = now()")) {
            upsert.setString(1, connector);
            upsert.setString(2, table);
            upsert.setString(3, state.stream());
            upsert.setString(4, state.source());
            upsert.setString(5, state.session());
            upsert.setArray(6, retired);
            upsert.setLong(7, state.lastSequence());
            upsert.setString(8, json(state.prunedThrough()));
            upsert.executeUpdate();
        } finally {
            retired.free();
        }
    }

    void upsertBatches(Connection connection, String table, List<RegisteredBatch> batches) throws SQLException {
        if (batches.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + name(BATCHES) + " (connector, table_name,"
                + " stream, network, batch_id, range_index, sequence, start_block, end_block, hash, prev_hash, block_timestamp,"
                + " rows, complete, session) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (connector, table_name, stream, network, batch_id) DO UPDATE SET sequence = EXCLUDED.sequence,"
                + " rows = EXCLUDED.rows, complete = EXCLUDED.complete, session = EXCLUDED.session, updated_at = now()")) {
            for (RegisteredBatch batch : batches) {
                for (int index = 0; index < batch.ranges().size(); index++) {
                    BlockRange range = batch.ranges().get(index);
                    upsert.setString(1, connector);
                    upsert.setString(2, table);
                    upsert.setString(3, batch.stream());
                    upsert.setString(4, range.network());
                    upsert.setString(5, batch.batchId());
                    upsert.setInt(6, index);
                    upsert.setLong(7, batch.sequence());
                    upsert.setLong(8, range.start());
                    upsert.setLong(9, range.end());
                    upsert.setString(10, range.hash());
                    upsert.setString(11, range.prevHash());
                    if (range.timestamp() == null) {
                        upsert.setNull(12, Types.BIGINT);
                    } else {
                        upsert.setLong(12, range.timestamp());
                    }
                    upsert.setLong(13, batch.rows());
                    upsert.setBoolean(14, batch.complete());
                    upsert.setString(15, batch.session());
                    upsert.addBatch();
                }
            }
            upsert.executeBatch();
        }
    }

    void deleteBatches(Connection connection, String table, List<RegisteredBatch> batches) throws SQLException {
        if (batches.isEmpty()) {
            return;
        }
        Array sequences = connection.createArrayOf("bigint", batches.stream().map(RegisteredBatch::sequence).toArray(Long[]::new));
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + name(BATCHES)
                + " WHERE connector = ? AND table_name = ? AND sequence = ANY (?)")) {
            delete.setString(1, connector);
            delete.setString(2, table);
            delete.setArray(3, sequences);
            delete.executeUpdate();
        } finally {
            sequences.free();
        }
    }

    private static String json(Map<String, Long> map) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(map));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Long> prunedThrough(String json) {
        try {
            return new HashMap<>(JSON.readValue(json, new TypeReference<Map<String, Long>>() { }));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable pruned_through " + json, e);
        }
    }
}
