package dev.ampconnect.sink.postgresql;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ampconnect.common.sink.conformance.SinkProbe;
import dev.ampconnect.testsupport.postgres.PostgresDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * The conformance kit's view of PostgreSQL: reads tables back into Connect values (JSONB columns are
 * decoded with the field's schema, the inverse of the sink's JSON encoding).
 */
final class PostgresProbe implements SinkProbe {

    static final String SCHEMA = "public";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    private final PostgresDatabase database;

    PostgresProbe(PostgresDatabase database) {
        this.database = database;
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
        return true;
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
                return time == null ? null : nanos(time.toInstant());
            }
            case "org.apache.kafka.connect.data.Date": {
                LocalDate date = result.getObject(name, LocalDate.class);
                return date == null ? null : new java.util.Date(date.toEpochDay() * 86_400_000L);
            }
            case "org.apache.kafka.connect.data.Time": {
                LocalTime time = result.getObject(name, LocalTime.class);
                return time == null ? null : new java.util.Date(time.toNanoOfDay() / 1_000_000L);
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
                    return json == null ? null : fromJson(JSON.readTree(json), schema);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("bad JSON in column " + name + ": " + json, e);
                }
            }
        }
        return result.wasNull() ? null : value;
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /** The inverse of the sink's JSON encoding of nested values (ArrowJson). */
    static Object fromJson(JsonNode node, Schema schema) {
        if (node == null || node.isNull()) {
            return null;
        }
        String logical = schema.name() == null ? "" : schema.name();
        switch (logical) {
            case "org.apache.kafka.connect.data.Decimal":
                return node.decimalValue().setScale(Integer.parseInt(schema.parameters().get("scale")));
            case "org.apache.kafka.connect.data.Timestamp":
                return java.util.Date.from(Instant.parse(node.asText()));
            case "dev.ampconnect.TimestampNanos":
                return nanos(Instant.parse(node.asText()));
            case "org.apache.kafka.connect.data.Date":
                return new java.util.Date(LocalDate.parse(node.asText()).toEpochDay() * 86_400_000L);
            case "org.apache.kafka.connect.data.Time":
                return new java.util.Date(LocalTime.parse(node.asText()).toNanoOfDay() / 1_000_000L);
            default:
                break;
        }
        switch (schema.type()) {
            case INT8:
                return (byte) node.intValue();
            case INT16:
                return (short) node.intValue();
            case INT32:
                return node.intValue();
            case INT64:
                return node.longValue();
            case FLOAT32:
                return node.isTextual() ? Float.parseFloat(node.asText()) : node.floatValue();
            case FLOAT64:
                return node.isTextual() ? Double.parseDouble(node.asText()) : node.doubleValue();
            case BOOLEAN:
                return node.booleanValue();
            case STRING:
                return node.asText();
            case BYTES:
                return HexFormat.of().parseHex(node.asText().substring(2));
            case ARRAY: {
                List<Object> list = new ArrayList<>();
                node.forEach(element -> list.add(fromJson(element, schema.valueSchema())));
                return list;
            }
            case MAP: {
                Map<Object, Object> map = new LinkedHashMap<>();
                if (node.isObject()) {
                    for (Map.Entry<String, JsonNode> entry : node.properties()) {
                        map.put(entry.getKey(), fromJson(entry.getValue(), schema.valueSchema()));
                    }
                } else {
                    node.forEach(entry -> map.put(fromJson(entry.get("key"), schema.keySchema()),
                            fromJson(entry.get("value"), schema.valueSchema())));
                }
                return map;
            }
            case STRUCT: {
                Struct struct = new Struct(schema);
                for (Field field : schema.fields()) {
                    struct.put(field, fromJson(node.get(field.name()), field.schema()));
                }
                return struct;
            }
            default:
                throw new IllegalArgumentException("no JSON decoding for " + schema.type());
        }
    }
}
