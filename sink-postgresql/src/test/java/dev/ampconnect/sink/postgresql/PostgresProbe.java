package dev.ampconnect.sink.postgresql;

import dev.ampconnect.common.sink.conformance.ArrowJsonDecoder;
import dev.ampconnect.common.sink.conformance.SinkProbe;
import dev.ampconnect.common.sink.store.CommitScope;
import dev.ampconnect.testsupport.postgres.PostgresDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * The conformance kit's view of PostgreSQL: reads tables back into Connect values (JSONB columns are
 * decoded with the field's schema by {@link ArrowJsonDecoder}, the inverse of the sink's JSON encoding).
 */
final class PostgresProbe implements SinkProbe {

    static final String SCHEMA = "public";

    private final PostgresDatabase database;
    private final CommitScope scope;

    PostgresProbe(PostgresDatabase database) {
        this(database, CommitScope.UNIT);
    }

    /** A probe whose tasks run the store in {@code scope} ({@code pg.commit.scope}). */
    PostgresProbe(PostgresDatabase database, CommitScope scope) {
        this.database = database;
        this.scope = scope;
    }

    @Override
    public SinkTask newTask() {
        return new AmpPostgresSinkTask();
    }

    @Override
    public Map<String, String> storeConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put(PostgresSinkConfig.URL, database.jdbcUrl());
        config.put(PostgresSinkConfig.USER, database.user());
        if (database.password() != null && !database.password().isEmpty()) {
            config.put(PostgresSinkConfig.PASSWORD, database.password());
        }
        config.put(PostgresSinkConfig.SCHEMA, SCHEMA);
        config.put(PostgresSinkConfig.COMMIT_SCOPE, scope.name().toLowerCase(java.util.Locale.ROOT));
        return config;
    }

    @Override
    public long rowCount(String table) {
        try (Connection connection = database.connect();
             PreparedStatement exists = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            exists.setString(1, PgIdentifiers.qualified(SCHEMA, table));
            try (ResultSet row = exists.executeQuery()) {
                row.next();
                if (!row.getBoolean(1)) {
                    return 0;
                }
            }
            try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM " + PgIdentifiers.qualified(SCHEMA, table));
                 ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<Map<String, Object>> rows(String table, Schema valueSchema, String orderBy) {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection connection = database.connect();
             PreparedStatement select = connection.prepareStatement("SELECT * FROM " + PgIdentifiers.qualified(SCHEMA, table)
                     + " ORDER BY " + PgIdentifiers.quote(orderBy));
             ResultSet result = select.executeQuery()) {
            while (result.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (Field field : valueSchema.fields()) {
                    row.put(field.name(), column(result, field));
                }
                rows.add(row);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    @Override
    public List<String> columnNames(String table) {
        List<String> names = new ArrayList<>();
        try (Connection connection = database.connect();
             PreparedStatement select = connection.prepareStatement("SELECT column_name FROM information_schema.columns"
                     + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
            select.setString(1, SCHEMA);
            select.setString(2, table);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    names.add(result.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    @Override
    public void reset() {
        database.execute("DROP SCHEMA IF EXISTS " + PgIdentifiers.quote(SCHEMA) + " CASCADE; CREATE SCHEMA "
                + PgIdentifiers.quote(SCHEMA));
    }

    @Override
    public boolean supportsTruncateOnFirstWrite() {
        // an IDEMPOTENT store has no transaction that could tie the truncation to the first rows
        return scope != CommitScope.IDEMPOTENT;
    }

    @Override
    public Optional<Map<String, String>> keyedModeConfig(List<String> keyFields) {
        return Optional.of(Map.of(PostgresSinkConfig.WRITE_MODE, "upsert", PostgresSinkConfig.PK_FIELDS, String.join(",", keyFields)));
    }

    private static Object column(ResultSet result, Field field) throws SQLException {
        Schema schema = field.schema();
        String name = field.name();
        String logical = schema.name() == null ? "" : schema.name();
        switch (logical) {
            case "org.apache.kafka.connect.data.Decimal":
                return result.getBigDecimal(name);
            case "org.apache.kafka.connect.data.Timestamp": {
                OffsetDateTime time = result.getObject(name, OffsetDateTime.class);
                return time == null ? null : java.util.Date.from(time.toInstant());
            }
            case "dev.ampconnect.TimestampNanos": {
                OffsetDateTime time = result.getObject(name, OffsetDateTime.class);
                return time == null ? null : ArrowJsonDecoder.epochNanos(time.toInstant());
            }
            case "org.apache.kafka.connect.data.Date": {
                LocalDate date = result.getObject(name, LocalDate.class);
                return date == null ? null : ArrowJsonDecoder.date(date);
            }
            case "org.apache.kafka.connect.data.Time": {
                LocalTime time = result.getObject(name, LocalTime.class);
                return time == null ? null : ArrowJsonDecoder.time(time);
            }
            default:
                break;
        }
        Object value;
        switch (schema.type()) {
            case INT8:
                value = (byte) result.getShort(name);
                break;
            case INT16:
                value = result.getShort(name);
                break;
            case INT32:
                value = result.getInt(name);
                break;
            case INT64:
                value = result.getLong(name);
                break;
            case FLOAT32:
                value = result.getFloat(name);
                break;
            case FLOAT64:
                value = result.getDouble(name);
                break;
            case BOOLEAN:
                value = result.getBoolean(name);
                break;
            case STRING:
                value = result.getString(name);
                break;
            case BYTES:
                value = result.getBytes(name);
                break;
            default: {
                String json = result.getString(name);
                try {
                    return json == null ? null : ArrowJsonDecoder.fromJson(ArrowJsonDecoder.parse(json), schema);
                } catch (java.io.UncheckedIOException e) {
                    throw new IllegalStateException("bad JSON in column " + name + ": " + json, e);
                }
            }
        }
        return result.wasNull() ? null : value;
    }
}
