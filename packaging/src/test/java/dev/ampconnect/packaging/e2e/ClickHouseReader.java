package dev.ampconnect.packaging.e2e;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.ampconnect.testsupport.clickhouse.ClickHouseDatabase;
import dev.ampconnect.testsupport.clickhouse.ClickHouseServer;

/**
 * Reads what the ClickHouse sink stored, for {@link PipelineTruth}: a stream's table as rows of Java values, and the
 * sink's progress view. Every value travels as text ({@code toString} in SQL, so no JSON number is rounded) and is
 * typed back by its column type: {@code FixedString} as bytes (sent as hex), {@code DateTime64} as an
 * {@link Instant} (sent as nanoseconds), numbers as {@link BigDecimal}, anything else as text.
 */
final class ClickHouseReader {

    private static final HexFormat HEX = HexFormat.of();

    private final ClickHouseDatabase database;

    ClickHouseReader(ClickHouseDatabase database) {
        this.database = database;
    }

    /**
     * Every row of the table of {@code stream} (the selected columns and {@code _amp_batch_id}, a column the table
     * lacks left out); empty while the table does not exist.
     */
    List<Map<String, Object>> rows(PipelineStream stream) {
        Map<String, String> types = columnTypes(stream.name());
        if (types.isEmpty()) {
            return List.of();
        }
        List<String> columns = new ArrayList<>(stream.columns());
        columns.add("_amp_batch_id");
        columns.removeIf(c -> !types.containsKey(c));
        String select = columns.stream().map(c -> expression(c, types.get(c)) + " AS " + ClickHouseServer.quote(c))
                .collect(Collectors.joining(", "));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, String> row : database.query("SELECT " + select + " FROM " + ClickHouseServer.quote(stream.name()))) {
            Map<String, Object> typed = new LinkedHashMap<>();
            row.forEach((column, text) -> typed.put(column, value(text, types.get(column))));
            rows.add(typed);
        }
        return rows;
    }

    /**
     * The sink {@code connector}'s last complete block and its hash for the table of {@code stream} on
     * {@code network}, from the view {@code amp_sink_progress}; empty before the first one (or the view).
     */
    Optional<Map.Entry<Long, String>> progress(String connector, PipelineStream stream, String network) {
        try {
            List<Map<String, String>> rows = database.query("SELECT toString(last_complete_block) AS block,"
                    + " last_complete_hash AS hash FROM amp_sink_progress WHERE connector = " + literal(connector)
                    + " AND table_name = " + literal(stream.name()) + " AND network = " + literal(network));
            return rows.size() == 1
                    ? Optional.of(Map.entry(Long.parseLong(rows.get(0).get("block")), rows.get(0).get("hash")))
                    : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty(); // the sink has not created its state yet
        }
    }

    private Map<String, String> columnTypes(String table) {
        Map<String, String> types = new LinkedHashMap<>();
        for (Map<String, String> row : database.query("SELECT name, type FROM system.columns"
                + " WHERE database = currentDatabase() AND table = " + literal(table))) {
            types.put(row.get("name"), bare(row.get("type")));
        }
        return types;
    }

    /** {@code Nullable(T)} and {@code LowCardinality(T)} as {@code T}. */
    private static String bare(String type) {
        String t = type;
        while (t.startsWith("Nullable(") || t.startsWith("LowCardinality(")) {
            t = t.substring(t.indexOf('(') + 1, t.length() - 1);
        }
        return t;
    }

    private static String expression(String column, String type) {
        String c = ClickHouseServer.quote(column);
        if (type.startsWith("FixedString")) {
            return "lower(hex(" + c + "))";
        }
        if (type.startsWith("DateTime64")) {
            return "toString(toUnixTimestamp64Nano(" + c + "))";
        }
        return "toString(" + c + ")";
    }

    private static Object value(String text, String type) {
        if (text == null) {
            return null;
        }
        if (type.startsWith("FixedString")) {
            return HEX.parseHex(text);
        }
        if (type.startsWith("DateTime64")) {
            long nanos = Long.parseLong(text);
            return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        }
        if (type.matches("U?Int\\d+|Decimal.*|Float\\d+")) {
            return new BigDecimal(text);
        }
        return text;
    }

    /** A string literal of a test constant (connector, table or network name; never record data). */
    private static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
