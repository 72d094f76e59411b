package dev.ampconnect.sink.postgresql;

import dev.ampconnect.common.sink.store.OffsetCommit;
import dev.ampconnect.common.sink.store.PartitionClaim;
import dev.ampconnect.common.sink.store.StoreException;
import dev.ampconnect.common.sink.store.TableClaim;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/**
 * TABLE commit scope (a test setting of this store, proving the sink base's per-table commits on a real database):
 * {@code amp_sink_table_offsets (connector, table_name, topic, kafka_partition) -> next_offset, partition_mark, epoch}.
 * A table's commit stores its own offsets (epoch compared under a row lock) and, for the last table of a unit, the
 * partition marks; a partition resumes at the highest mark of any table.
 */
final class PgTableOffsets {

    static final String TABLE = "amp_sink_table_offsets";

    private final String schema;
    private final String connector;

    PgTableOffsets(String schema, String connector) {
        this.schema = schema;
        this.connector = connector;
    }

    private String name() {
        return PgIdentifiers.qualified(schema, TABLE);
    }

    void create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + name() + " (connector TEXT NOT NULL, table_name TEXT NOT NULL,"
                    + " topic TEXT NOT NULL, kafka_partition INTEGER NOT NULL, next_offset BIGINT, partition_mark BIGINT,"
                    + " epoch BIGINT NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),"
                    + " PRIMARY KEY (connector, table_name, topic, kafka_partition))");
        }
    }

    /** Per partition, the highest mark any table of the connector recorded. */
    Map<TopicPartition, PartitionClaim> marks(Connection connection, Collection<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, PartitionClaim> claims = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT max(partition_mark) FROM " + name()
                + " WHERE connector = ? AND topic = ? AND kafka_partition = ?")) {
            for (TopicPartition partition : PgPartitionOffsets.sorted(partitions)) {
                select.setString(1, connector);
                select.setString(2, partition.topic());
                select.setInt(3, partition.partition());
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    long mark = row.getLong(1);
                    claims.put(partition, new PartitionClaim(row.wasNull() ? OptionalLong.empty() : OptionalLong.of(mark), 0));
                }
            }
        }
        return claims;
    }

    /** Claims {@code table} for the partitions: bumps each (table, partition) epoch and returns the table's own offsets. */
    Map<TopicPartition, TableClaim> claim(Connection connection, String table, Collection<TopicPartition> partitions)
            throws SQLException {
        Map<TopicPartition, TableClaim> claims = new LinkedHashMap<>();
        try (PreparedStatement claim = connection.prepareStatement("INSERT INTO " + name() + " AS o (connector, table_name,"
                + " topic, kafka_partition, epoch) VALUES (?, ?, ?, ?, 1) ON CONFLICT (connector, table_name, topic,"
                + " kafka_partition) DO UPDATE SET epoch = o.epoch + 1, updated_at = now() RETURNING next_offset, epoch")) {
            for (TopicPartition partition : PgPartitionOffsets.sorted(partitions)) {
                claim.setString(1, connector);
                claim.setString(2, table);
                claim.setString(3, partition.topic());
                claim.setInt(4, partition.partition());
                try (ResultSet row = claim.executeQuery()) {
                    row.next();
                    long next = row.getLong(1);
                    claims.put(partition, new TableClaim(row.wasNull() ? OptionalLong.empty() : OptionalLong.of(next), row.getLong(2)));
                }
            }
        }
        return claims;
    }

    /**
     * Locks and verifies a table's offsets (fencing per table and partition).
     *
     * @return true when the table already holds them (an earlier attempt whose reply was lost)
     */
    boolean lockAndCheck(Connection connection, String table, Map<TopicPartition, OffsetCommit> offsets) throws SQLException {
        int applied = 0;
        try (PreparedStatement select = connection.prepareStatement("SELECT epoch, next_offset FROM " + name()
                + " WHERE connector = ? AND table_name = ? AND topic = ? AND kafka_partition = ? FOR UPDATE")) {
            for (TopicPartition partition : PgPartitionOffsets.sorted(offsets.keySet())) {
                select.setString(1, connector);
                select.setString(2, table);
                select.setString(3, partition.topic());
                select.setInt(4, partition.partition());
                OffsetCommit commit = offsets.get(partition);
                try (ResultSet row = select.executeQuery()) {
                    Long epoch = row.next() ? row.getLong(1) : null;
                    if (epoch == null || epoch != commit.epoch()) {
                        throw new StoreException(StoreException.Kind.FENCED, table, "connector " + connector + " table "
                                + table + " partition " + partition + ": this task holds epoch " + commit.epoch()
                                + " but the store has " + (epoch == null ? "no offsets row" : "epoch " + epoch));
                    }
                    long next = row.getLong(2);
                    applied += PgOffsetChecks.compare("connector " + connector + " table " + table, partition,
                            row.wasNull() ? null : next, commit);
                }
            }
        }
        return PgOffsetChecks.allOrNothing(applied, offsets.size(), offsets.keySet());
    }

    /** Stores a table's own offsets and the partition marks it carries. */
    void write(Connection connection, String table, Map<TopicPartition, OffsetCommit> offsets,
               Map<TopicPartition, Long> marks) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + name() + " SET next_offset = ?,"
                + " updated_at = now() WHERE connector = ? AND table_name = ? AND topic = ? AND kafka_partition = ?")) {
            for (TopicPartition partition : PgPartitionOffsets.sorted(offsets.keySet())) {
                update.setLong(1, offsets.get(partition).nextOffset());
                update.setString(2, connector);
                update.setString(3, table);
                update.setString(4, partition.topic());
                update.setInt(5, partition.partition());
                update.executeUpdate();
            }
        }
        try (PreparedStatement mark = connection.prepareStatement("INSERT INTO " + name() + " AS o (connector, table_name,"
                + " topic, kafka_partition, partition_mark, epoch) VALUES (?, ?, ?, ?, ?, 0) ON CONFLICT (connector,"
                + " table_name, topic, kafka_partition) DO UPDATE SET partition_mark = GREATEST(o.partition_mark,"
                + " EXCLUDED.partition_mark), updated_at = now()")) {
            for (TopicPartition partition : PgPartitionOffsets.sorted(marks.keySet())) {
                mark.setString(1, connector);
                mark.setString(2, table);
                mark.setString(3, partition.topic());
                mark.setInt(4, partition.partition());
                mark.setLong(5, marks.get(partition));
                mark.executeUpdate();
            }
        }
    }
}
