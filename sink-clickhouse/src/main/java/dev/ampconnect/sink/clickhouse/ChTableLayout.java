package dev.ampconnect.sink.clickhouse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How auto-created tables are laid out: the MergeTree engine, {@code ORDER BY}, optional {@code PARTITION BY}
 * and table settings. Always present: {@code non_replicated_deduplication_window} (so
 * {@code insert_deduplication_token} deduplicates on a plain, non-replicated MergeTree),
 * {@code enable_block_number_column} and {@code enable_block_offset_column} (whole-batch deletes as patch parts,
 * see {@link ChBatchDeleter}) and, on amp tables, a
 * {@code minmax} skipping index on {@code _amp_batch_seq}, which keeps a whole-batch {@code DELETE} to the
 * parts holding those batches whatever the {@code ORDER BY}.
 *
 * <p>The expressions are the operator's configuration, never record data; they are still refused if they hold
 * a statement separator or comment, so a typo cannot turn one DDL statement into two.
 *
 * @param orderBy                 the ORDER BY expression; empty for the default ({@code _amp_batch_seq} on amp
 *                                tables, {@code tuple()} otherwise)
 * @param partitionBy             the PARTITION BY expression, or empty for none
 * @param deduplicationWindow     {@code non_replicated_deduplication_window}: how many recent insert blocks
 *                                (tokens) each table remembers
 * @param settings                further table settings ({@code name -> value} as SQL literals)
 */
record ChTableLayout(String orderBy, String partitionBy, int deduplicationWindow, Map<String, String> settings) {

    /** Default dedup window: comfortably more than the units a task can have in flight or retry. */
    static final int DEFAULT_DEDUPLICATION_WINDOW = 1000;
    /** The skipping index that makes deletes by batch sequence cheap. */
    static final String SEQUENCE_INDEX = "_amp_batch_seq_minmax";

    private static final Pattern UNSAFE = Pattern.compile(";|--|/\\*");
    private static final Pattern SETTING_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    ChTableLayout {
        settings = new LinkedHashMap<>(settings);
        for (String expression : List.of(orderBy, partitionBy)) {
            if (UNSAFE.matcher(expression).find()) {
                throw new IllegalArgumentException("table layout expression '" + expression
                        + "' may not contain ';', '--' or '/*'");
            }
        }
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            if (!SETTING_NAME.matcher(setting.getKey()).matches() || UNSAFE.matcher(setting.getValue()).find()) {
                throw new IllegalArgumentException("table setting '" + setting.getKey() + " = " + setting.getValue()
                        + "' is not a setting name and a literal value");
            }
        }
        if (deduplicationWindow < 1) {
            throw new IllegalArgumentException("non_replicated_deduplication_window must be at least 1 for dedup tokens"
                    + " to work, got " + deduplicationWindow);
        }
    }

    /** MergeTree ordered by batch sequence, no partitions, the default dedup window. */
    static ChTableLayout defaults() {
        return new ChTableLayout("", "", DEFAULT_DEDUPLICATION_WINDOW, Map.of());
    }

    /** The DDL after the column list: indexes, engine, ORDER BY, PARTITION BY, SETTINGS. */
    String engineClause(boolean amp) {
        String order = !orderBy.isBlank() ? orderBy : amp ? ChIdentifiers.quote(ChTable.SEQUENCE_COLUMN) : "tuple()";
        StringBuilder sql = new StringBuilder(" ENGINE = MergeTree ORDER BY (").append(order).append(')');
        if (!partitionBy.isBlank()) {
            sql.append(" PARTITION BY ").append(partitionBy);
        }
        List<String> pairs = new ArrayList<>();
        pairs.add("non_replicated_deduplication_window = " + deduplicationWindow);
        // the block number/offset columns let a DELETE write a patch part of the deleted rows only
        // (ChBatchDeleter), instead of a mask over every row of each part it touches
        pairs.add("enable_block_number_column = 1");
        pairs.add("enable_block_offset_column = 1");
        settings.forEach((name, value) -> pairs.add(name + " = " + value));
        return sql.append(" SETTINGS ").append(String.join(", ", pairs)).toString();
    }

    /** The skipping index definition added to amp tables. */
    static String sequenceIndexDefinition() {
        return "INDEX " + ChIdentifiers.quote(SEQUENCE_INDEX) + " " + ChIdentifiers.quote(ChTable.SEQUENCE_COLUMN)
                + " TYPE minmax GRANULARITY 1";
    }
}
