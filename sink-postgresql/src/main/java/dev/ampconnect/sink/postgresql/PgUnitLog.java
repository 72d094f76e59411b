package dev.ampconnect.sink.postgresql;

import dev.ampconnect.common.sink.store.UnitIdentity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/**
 * IDEMPOTENT commit scope (a test setting of this store, proving the sink base's idempotent units on a real
 * database): {@code amp_sink_units (connector, topic, kafka_partition) -> from_offset, to_offset, identity}, the unit a
 * partition began last (a restart re-forms it when its offsets were not stored), and {@code amp_sink_unit_tokens},
 * the dedup tokens of the writes of units not committed yet (a write whose token is there is dropped; a commit
 * forgets its unit's tokens, which can never be replayed once its offsets are stored).
 */
final class PgUnitLog {

    static final String UNITS = "amp_sink_units";
    static final String TOKENS = "amp_sink_unit_tokens";

    private final String schema;
    private final String connector;

    PgUnitLog(String schema, String connector) {
        this.schema = schema;
        this.connector = connector;
    }

    void create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + PgIdentifiers.qualified(schema, UNITS) + " (connector TEXT NOT NULL,"
                    + " topic TEXT NOT NULL, kafka_partition INTEGER NOT NULL, from_offset BIGINT NOT NULL, to_offset BIGINT"
                    + " NOT NULL, identity TEXT NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),"
                    + " PRIMARY KEY (connector, topic, kafka_partition))");
            statement.execute("CREATE TABLE IF NOT EXISTS " + PgIdentifiers.qualified(schema, TOKENS) + " (connector TEXT NOT NULL,"
                    + " topic TEXT NOT NULL, kafka_partition INTEGER NOT NULL, token TEXT NOT NULL,"
                    + " PRIMARY KEY (connector, token))");
        }
    }

    /** Records the unit a partition begins (replacing the one before). */
    void begin(Connection connection, UnitIdentity unit) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + PgIdentifiers.qualified(schema, UNITS)
                + " (connector, topic, kafka_partition, from_offset, to_offset, identity) VALUES (?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (connector, topic, kafka_partition) DO UPDATE SET from_offset = EXCLUDED.from_offset,"
                + " to_offset = EXCLUDED.to_offset, identity = EXCLUDED.identity, updated_at = now()")) {
            upsert.setString(1, connector);
            upsert.setString(2, unit.partition().topic());
            upsert.setInt(3, unit.partition().partition());
            upsert.setLong(4, unit.fromOffset());
            upsert.setLong(5, unit.toOffset());
            upsert.setString(6, unit.toString());
            upsert.executeUpdate();
        }
    }

    /** The end of the unit the partition began but did not commit (its offsets are not {@code stored}). */
    OptionalLong pendingEnd(Connection connection, TopicPartition partition, OptionalLong stored) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT from_offset, to_offset FROM "
                + PgIdentifiers.qualified(schema, UNITS) + " WHERE connector = ? AND topic = ? AND kafka_partition = ?")) {
            select.setString(1, connector);
            select.setString(2, partition.topic());
            select.setInt(3, partition.partition());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return OptionalLong.empty();
                }
                long to = row.getLong(2);
                return stored.isPresent() && stored.getAsLong() >= to ? OptionalLong.empty() : OptionalLong.of(to);
            }
        }
    }

    /** Takes a write's token; false when the store already took it (the write is a replay and is dropped). */
    boolean takeToken(Connection connection, TopicPartition partition, String token) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + PgIdentifiers.qualified(schema, TOKENS)
                + " (connector, topic, kafka_partition, token) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, connector);
            insert.setString(2, partition.topic());
            insert.setInt(3, partition.partition());
            insert.setString(4, token);
            return insert.executeUpdate() == 1;
        }
    }

    /** Forgets the tokens and the unit of a partition whose unit is committed. */
    void committed(Connection connection, TopicPartition partition) throws SQLException {
        for (String table : new String[] {TOKENS, UNITS}) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + PgIdentifiers.qualified(schema, table)
                    + " WHERE connector = ? AND topic = ? AND kafka_partition = ?")) {
                delete.setString(1, connector);
                delete.setString(2, partition.topic());
                delete.setInt(3, partition.partition());
                delete.executeUpdate();
            }
        }
    }
}
