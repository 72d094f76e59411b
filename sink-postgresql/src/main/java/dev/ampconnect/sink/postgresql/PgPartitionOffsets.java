package dev.ampconnect.sink.postgresql;

import dev.ampconnect.common.sink.store.OffsetCommit;
import dev.ampconnect.common.sink.store.PartitionClaim;
import dev.ampconnect.common.sink.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code amp_sink_offsets (connector, topic, kafka_partition) -> next_offset, epoch, lineage}: the stored offsets of
 * the UNIT and IDEMPOTENT scopes, the fencing epoch (bumped by every claim, row-locked or compared by every commit) and
 * the lineage (a new UUID whenever the row is created, so dedup tokens never outlive an offset reset).
 */
final class PgPartitionOffsets {

    static final String TABLE = "amp_sink_offsets";

    private final String schema;
    private final String connector;

    PgPartitionOffsets(String schema, String connector) {
        this.schema = schema;
        this.connector = connector;
    }

    private String name() {
        return PgIdentifiers.qualified(schema, TABLE);
    }

    void create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + name() + " (connector TEXT NOT NULL, topic TEXT NOT NULL,"
                    + " kafka_partition INTEGER NOT NULL, next_offset BIGINT, epoch BIGINT NOT NULL,"
                    + " updated_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (connector, topic, kafka_partition))");
            // added after the first release: older tables get it here
            statement.execute("ALTER TABLE " + name() + " ADD COLUMN IF NOT EXISTS lineage TEXT NOT NULL"
                    + " DEFAULT gen_random_uuid()::text");
        }
    }

    /** Bumps the epoch of each partition (creating its row, with a new lineage) and returns the stored offsets. */
    Map<TopicPartition, PartitionClaim> claim(Connection connection, Collection<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, PartitionClaim> claims = new LinkedHashMap<>();
        try (PreparedStatement claim = connection.prepareStatement("INSERT INTO " + name() + " AS o (connector, topic,"
                + " kafka_partition, next_offset, epoch) VALUES (?, ?, ?, NULL, 1) ON CONFLICT (connector, topic, kafka_partition)"
                + " DO UPDATE SET epoch = o.epoch + 1, updated_at = now() RETURNING next_offset, epoch, lineage")) {
            for (TopicPartition partition : sorted(partitions)) {
                claim.setString(1, connector);
                claim.setString(2, partition.topic());
                claim.setInt(3, partition.partition());
                try (ResultSet row = claim.executeQuery()) {
                    row.next();
                    long next = row.getLong(1);
                    OptionalLong stored = row.wasNull() ? OptionalLong.empty() : OptionalLong.of(next);
                    claims.put(partition, new PartitionClaim(stored, row.getLong(2), row.getString(3), OptionalLong.empty()));
                }
            }
        }
        return claims;
    }

    /**
     * Verifies that this task still owns the offsets of a commit (the fencing check) and that they are where the task
     * left them, row-locking them when {@code lock} (UNIT scope: until the transaction ends).
     *
     * @return true when every offset already holds the commit's value (an earlier attempt whose reply was lost)
     * @throws StoreException {@link StoreException.Kind#FENCED} when another task claimed a partition since;
     *                        {@link StoreException.Kind#FATAL} when an offset is neither the expected nor the new one
     */
    boolean check(Connection connection, Map<TopicPartition, OffsetCommit> offsets, boolean lock) throws SQLException {
        int applied = 0;
        try (PreparedStatement select = connection.prepareStatement("SELECT epoch, next_offset FROM " + name()
                + " WHERE connector = ? AND topic = ? AND kafka_partition = ?" + (lock ? " FOR UPDATE" : ""))) {
            for (TopicPartition partition : sorted(offsets.keySet())) {
                select.setString(1, connector);
                select.setString(2, partition.topic());
                select.setInt(3, partition.partition());
                OffsetCommit commit = offsets.get(partition);
                try (ResultSet row = select.executeQuery()) {
                    Long epoch = row.next() ? row.getLong(1) : null;
                    if (epoch == null || epoch != commit.epoch()) {
                        throw new StoreException(StoreException.Kind.FENCED, null, "connector " + connector + " partition "
                                + partition + ": this task holds epoch " + commit.epoch() + " but the store has "
                                + (epoch == null ? "no offsets row" : "epoch " + epoch));
                    }
                    long next = row.getLong(2);
                    Long stored = row.wasNull() ? null : next;
                    applied += PgOffsetChecks.compare(connector, partition, stored, commit);
                }
            }
        }
        return PgOffsetChecks.allOrNothing(applied, offsets.size(), offsets.keySet());
    }

    void write(Connection connection, Map<TopicPartition, OffsetCommit> offsets) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + name() + " SET next_offset = ?,"
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

    static List<TopicPartition> sorted(Collection<TopicPartition> partitions) {
        List<TopicPartition> sorted = new ArrayList<>(partitions);
        sorted.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        return sorted;
    }
}
