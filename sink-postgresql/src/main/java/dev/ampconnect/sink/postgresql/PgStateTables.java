package dev.ampconnect.sink.postgresql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ampconnect.common.range.BlockRange;
import dev.ampconnect.common.sink.store.OffsetCommit;
import dev.ampconnect.common.sink.store.PartitionClaim;
import dev.ampconnect.common.sink.store.RegisteredBatch;
import dev.ampconnect.common.sink.store.StoreException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * The sink's own tables, keyed by connector name, always written in the same transaction as the rows:
 * <ul>
 *   <li>{@code amp_sink_offsets (connector, topic, kafka_partition) -> next_offset, epoch}: the stored
 *       offsets and the fencing epoch (bumped by every claim, row-locked by every unit);</li>
 *   <li>{@code amp_sink_tables (connector, table_name) -> stream, source, session, retired_sessions,
 *       last_sequence, pruned_through};</li>
 *   <li>{@code amp_sink_batches (connector, table_name, stream, network, batch_id) -> sequence, start_block,
 *       end_block, hash, prev_hash, rows, complete, session}: the batch registry, one row per range;</li>
 *   <li>view {@code amp_sink_progress}: per table/stream/network the last complete block, its hash and
 *       sequence (readers hide incomplete batches with {@code _amp_batch_seq <= last_complete_sequence}).</li>
 * </ul>
 */
final class PgStateTables {

    static final String OFFSETS = "amp_sink_offsets";
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

    /** Creates the tables and the view when missing (serialised across tasks by an advisory lock). */
    void create(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, "amp-connect:state:" + schema);
            lock.execute();
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + name(OFFSETS) + " (connector TEXT NOT NULL, topic TEXT NOT NULL,"
                    + " kafka_partition INTEGER NOT NULL, next_offset BIGINT, epoch BIGINT NOT NULL,"
                    + " updated_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (connector, topic, kafka_partition))");
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

    /** Bumps the epoch of each partition (creating its row) and returns the stored offsets. */
    Map<TopicPartition, PartitionClaim> claim(Connection connection, List<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, PartitionClaim> claims = new LinkedHashMap<>();
        try (PreparedStatement claim = connection.prepareStatement("INSERT INTO " + name(OFFSETS) + " AS o (connector, topic,"
                + " kafka_partition, next_offset, epoch) VALUES (?, ?, ?, NULL, 1) ON CONFLICT (connector, topic, kafka_partition)"
                + " DO UPDATE SET epoch = o.epoch + 1, updated_at = now() RETURNING next_offset, epoch")) {
            for (TopicPartition partition : sorted(partitions)) {
                claim.setString(1, connector);
                claim.setString(2, partition.topic());
                claim.setInt(3, partition.partition());
                try (ResultSet row = claim.executeQuery()) {
                    row.next();
                    long next = row.getLong(1);
                    OptionalLong stored = row.wasNull() ? OptionalLong.empty() : OptionalLong.of(next);
                    claims.put(partition, new PartitionClaim(stored, row.getLong(2)));
                }
            }
        }
        return claims;
    }

    /**
     * Locks the offsets rows of a unit and verifies this task still owns them (the fencing check).
     *
     * @throws StoreException {@link StoreException.Kind#FENCED} when another task claimed a partition since
     */
    void lockAndCheckEpochs(Connection connection, Map<TopicPartition, OffsetCommit> offsets) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT epoch FROM " + name(OFFSETS)
                + " WHERE connector = ? AND topic = ? AND kafka_partition = ? FOR UPDATE")) {
            for (TopicPartition partition : sorted(offsets.keySet())) {
                select.setString(1, connector);
                select.setString(2, partition.topic());
                select.setInt(3, partition.partition());
                long expected = offsets.get(partition).epoch();
                try (ResultSet row = select.executeQuery()) {
                    Long actual = row.next() ? row.getLong(1) : null;
                    if (actual == null || actual != expected) {
                        throw new StoreException(StoreException.Kind.FENCED, null, "connector " + connector + " partition "
                                + partition + ": this task holds epoch " + expected + " but the store has "
                                + (actual == null ? "no offsets row" : "epoch " + actual));
                    }
                }
            }
        }
    }

    void writeOffsets(Connection connection, Map<TopicPartition, OffsetCommit> offsets) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + name(OFFSETS) + " SET next_offset = ?,"
                + " updated_at = now() WHERE connector = ? AND topic = ? AND kafka_partition = ? AND epoch = ?")) {
            for (TopicPartition partition : sorted(offsets.keySet())) {
                OffsetCommit commit = offsets.get(partition);
                update.setLong(1, commit.nextOffset());
                update.setString(2, connector);
                update.setString(3, partition.topic());
                update.setInt(4, partition.partition());
                update.setLong(5, commit.epoch());
                if (update.executeUpdate() != 1) {
                    throw new StoreException(StoreException.Kind.FENCED, null, "connector " + connector + " partition "
                            + partition + ": epoch " + commit.epoch() + " no longer owns the offsets row");
                }
            }
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

    private static List<TopicPartition> sorted(java.util.Collection<TopicPartition> partitions) {
        List<TopicPartition> sorted = new ArrayList<>(partitions);
        sorted.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        return sorted;
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
