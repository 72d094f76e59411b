package dev.ampconnect.sink.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ampconnect.common.sink.batch.AmpSchemaNames;
import dev.ampconnect.common.sink.conformance.ArrowJsonDecoder;
import dev.ampconnect.common.sink.conformance.SinkProbe;
import dev.ampconnect.testsupport.clickhouse.ClickHouseDatabase;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * The conformance kit's view of ClickHouse: reads a table back into Connect values. Each column is turned into
 * text by the server itself, exactly (bytes as {@code 0x…} hex, decimals and floats by {@code toString},
 * timestamps as epoch milli- or nanoseconds, the time of day from nanoseconds to milliseconds, nested values
 * element by element), and decoded here by the field's schema.
 */
final class ClickHouseProbe implements SinkProbe {

    private final ClickHouseDatabase database;

    ClickHouseProbe(ClickHouseDatabase database) {
        this.database = database;
    }

    @Override
    public SinkTask newTask() {
        return new AmpClickHouseSinkTask();
    }

    @Override
    public Map<String, String> storeConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put(ClickHouseSinkConfig.URL, database.url());
        if (database.user() != null) {
            config.put(ClickHouseSinkConfig.USER, database.user());
        }
        if (database.password() != null && !database.password().isEmpty()) {
            config.put(ClickHouseSinkConfig.PASSWORD, database.password());
        }
        config.put(ClickHouseSinkConfig.DATABASE, database.name());
        return config;
    }

    private boolean exists(String table) {
        return !database.query("SELECT name FROM system.tables WHERE database = currentDatabase() AND name = '"
                + table.replace("'", "''") + "'").isEmpty();
    }

    @Override
    public long rowCount(String table) {
        return exists(table) ? database.count(table) : 0;
    }

    @Override
    public List<Map<String, Object>> rows(String table, Schema valueSchema, String orderBy) {
        List<String> columns = new ArrayList<>();
        for (Field field : valueSchema.fields()) {
            columns.add(text(ChIdentifiers.quote(field.name()), field.schema()) + " AS " + ChIdentifiers.quote(field.name()));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, String> row : database.query("SELECT " + String.join(", ", columns) + " FROM "
                + ChIdentifiers.quote(table) + " ORDER BY " + ChIdentifiers.quote(orderBy))) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (Field field : valueSchema.fields()) {
                try {
                    values.put(field.name(), scalar(row.get(field.name()), field.schema()));
                } catch (RuntimeException e) {
                    throw new IllegalStateException("column " + field.name() + " of " + table + " reads '"
                            + row.get(field.name()) + "', not a value of " + field.schema(), e);
                }
            }
            rows.add(values);
        }
        return rows;
    }

    /** An SQL expression turning {@code column} of {@code schema} into text (or, nested, into arrays of text). */
    private static String text(String column, Schema schema) {
        String logical = schema.name() == null ? "" : schema.name();
        switch (logical) {
            case Timestamp.LOGICAL_NAME:
                return "toString(toUnixTimestamp64Milli(" + column + "))";
            case AmpSchemaNames.TIMESTAMP_NANOS:
                return "toString(toUnixTimestamp64Nano(" + column + "))";
            case Time.LOGICAL_NAME:
                return "toString(intDiv(" + column + ", 1000000))";
            case Decimal.LOGICAL_NAME:
            case Date.LOGICAL_NAME:
                return "toString(" + column + ")";
            default:
                break;
        }
        switch (schema.type()) {
            case BYTES:
                return "concat('0x', lower(hex(" + column + ")))";
            case STRING:
                return column;
            case ARRAY:
                return "arrayMap(x -> " + text("x", schema.valueSchema()) + ", " + column + ")";
            case MAP:
                return "mapApply((k, v) -> (" + text("k", schema.keySchema()) + ", " + text("v", schema.valueSchema()) + "), "
                        + column + ")";
            case STRUCT: {
                List<String> elements = new ArrayList<>();
                for (Field field : schema.fields()) {
                    elements.add(text("tupleElement(" + column + ", '" + field.name() + "')", field.schema()));
                }
                return "tuple(" + String.join(", ", elements) + ")";
            }
            default:
                return "toString(" + column + ")";
        }
    }

    /** The Connect value of the text the server made of a column. */
    private static Object scalar(String text, Schema schema) {
        if (text == null) {
            return null;
        }
        switch (schema.type()) {
            case ARRAY:
            case MAP:
            case STRUCT:
                return nested(ArrowJsonDecoder.parse(text), schema);
            default:
                break;
        }
        String logical = schema.name() == null ? "" : schema.name();
        switch (logical) {
            case Timestamp.LOGICAL_NAME:
            case Time.LOGICAL_NAME:
                return new java.util.Date(Long.parseLong(text));
            case AmpSchemaNames.TIMESTAMP_NANOS:
                return Long.parseLong(text);
            case Date.LOGICAL_NAME:
                return ArrowJsonDecoder.date(LocalDate.parse(text));
            case Decimal.LOGICAL_NAME:
                return new BigDecimal(text).setScale(Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD)));
            default:
                break;
        }
        switch (schema.type()) {
            case FLOAT32:
                return Float.parseFloat(javaFloat(text));
            case FLOAT64:
                return Double.parseDouble(javaFloat(text));
            case BYTES:
                return HexFormat.of().parseHex(text.substring(2));
            default:
                return ArrowJsonDecoder.fromText(text, schema);
        }
    }

    private static Object nested(JsonNode node, Schema schema) {
        if (node == null || node.isNull()) {
            return null;
        }
        switch (schema.type()) {
            case ARRAY: {
                List<Object> list = new ArrayList<>();
                node.forEach(element -> list.add(nested(element, schema.valueSchema())));
                return list;
            }
            case MAP: {
                Map<Object, Object> map = new LinkedHashMap<>();
                node.properties().forEach(entry -> map.put(scalar(entry.getKey(), schema.keySchema()),
                        nested(entry.getValue(), schema.valueSchema())));
                return map;
            }
            case STRUCT: {
                // a tuple of the fields in schema order: a JSON array, or an object when the server names the elements
                List<JsonNode> elements = new ArrayList<>();
                if (node.isArray()) {
                    node.forEach(elements::add);
                } else {
                    node.properties().forEach(entry -> elements.add(entry.getValue()));
                }
                Struct struct = new Struct(schema);
                List<Field> fields = schema.fields();
                for (int i = 0; i < fields.size(); i++) {
                    struct.put(fields.get(i), nested(elements.get(i), fields.get(i).schema()));
                }
                return struct;
            }
            default:
                return scalar(node.asText(), schema);
        }
    }

    private static String javaFloat(String text) {
        switch (text) {
            case "nan":
            case "-nan":
                return "NaN";
            case "inf":
                return "Infinity";
            case "-inf":
                return "-Infinity";
            default:
                return text;
        }
    }

    @Override
    public List<String> columnNames(String table) {
        List<String> names = new ArrayList<>();
        for (Map<String, String> row : database.query("SELECT name FROM system.columns WHERE database = currentDatabase()"
                + " AND table = '" + table.replace("'", "''") + "' ORDER BY position")) {
            names.add(row.get("name"));
        }
        return names;
    }

    @Override
    public void reset() {
        for (Map<String, String> row : database.query("SELECT name FROM system.tables WHERE database = currentDatabase()"
                + " ORDER BY engine = 'View' DESC")) {
            database.execute("DROP TABLE IF EXISTS " + ChIdentifiers.quote(row.get("name")) + " SYNC");
        }
    }

    @Override
    public boolean storesNullNestedValues() {
        // ClickHouse has no Nullable(Array | Map | Tuple): the sink rejects a NULL there (README "Type mapping")
        return false;
    }
}
