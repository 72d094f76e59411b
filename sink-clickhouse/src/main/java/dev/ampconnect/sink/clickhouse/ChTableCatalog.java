package dev.ampconnect.sink.clickhouse;

import com.clickhouse.client.api.query.GenericRecord;
import dev.ampconnect.common.arrow.SchemaConventions;
import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.store.StoreException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * What tables exist in the sink's database and with which columns (cached; {@link #forget} after a failure),
 * and the DDL that creates and evolves them: auto-create a MergeTree table from a batch's schema
 * ({@link ChTypeMapping}, {@link ChTableLayout}), with {@code _amp_batch_seq UInt64} and its skipping index on
 * amp tables, and add-column evolution. Every DDL statement is idempotent ({@code IF NOT EXISTS}), so tasks
 * racing on the same table, or a retry after a crash between two statements, converge on the same table.
 * Whether an existing table can take a batch is decided by {@link RowBinaryBatch#of}.
 */
final class ChTableCatalog {

    /** The table's columns, each with the table's incarnation and engine (one request describes the table). */
    private static final String DESCRIBE_SQL = "SELECT c.name AS name, c.type AS type, t.uuid AS uuid, t.engine AS engine,"
            + " t.engine_full AS engine_full FROM system.columns AS c, (SELECT toString(uuid) AS uuid, engine, engine_full"
            + " FROM system.tables WHERE database = {database:String} AND name = {table:String}) AS t"
            + " WHERE c.database = {database:String} AND c.table = {table:String} ORDER BY c.position";
    private static final String DEDUP_DEFAULT_SQL = "SELECT value FROM system.merge_tree_settings"
            + " WHERE name = 'non_replicated_deduplication_window'";
    private static final String DEDUP_WINDOW = "non_replicated_deduplication_window";
    /** A window this small still covers every retry of a unit (one unit in flight, retried before the next). */
    private static final long MIN_DEDUPLICATION_WINDOW = 100;

    private final ChClient client;
    private final ChTableLayout layout;
    private final boolean autoCreate;
    private final boolean autoEvolve;
    private final Map<String, ChTable> tables = new HashMap<>();
    private Long serverDeduplicationWindow;

    ChTableCatalog(ChClient client, ChTableLayout layout, boolean autoCreate, boolean autoEvolve) {
        this.client = client;
        this.layout = layout;
        this.autoCreate = autoCreate;
        this.autoEvolve = autoEvolve;
    }

    /** The table as ClickHouse describes it now, or {@code null} when it does not exist. */
    ChTable find(String table) {
        ChTable cached = tables.get(table);
        if (cached != null) {
            return cached;
        }
        List<GenericRecord> described = client.query(DESCRIBE_SQL, Map.of("database", client.database(), "table", table));
        if (described.isEmpty()) {
            return null;
        }
        Map<String, ChColumn> columns = new LinkedHashMap<>();
        for (GenericRecord column : described) {
            String name = column.getString("name");
            columns.put(name, new ChColumn(name, parseType(column.getString("type"))));
        }
        GenericRecord row = described.get(0);
        ChTable found = new ChTable(client.database(), table, columns, row.getString("uuid"), row.getString("engine"),
                row.getString("engine_full"));
        tables.put(table, found);
        return found;
    }

    /**
     * The table ready to take {@code batch}: created when missing (auto-create), the batch's missing columns
     * added (auto-evolve), {@code _amp_batch_seq} added for amp rows.
     *
     * @throws StoreException {@link StoreException.Kind#FATAL} when the table is missing or lacks columns and
     *                        the layout forbids creating or adding them, or a field has no ClickHouse type
     */
    ChTable ensure(String table, ColumnarBatch batch) {
        ChTable existing = find(table);
        if (existing == null) {
            if (!autoCreate) {
                throw new StoreException(StoreException.Kind.FATAL, table, "table "
                        + ChIdentifiers.qualified(client.database(), table) + " does not exist and table.auto.create"
                        + " is false: create it, or set table.auto.create=true");
            }
            create(table, batch);
            forget(table);
            existing = find(table);
        }
        List<Field> missing = missingFields(existing, batch);
        boolean needsSequence = batch.isAmp() && !existing.hasSequence();
        if (missing.isEmpty() && !needsSequence) {
            return existing;
        }
        if (!missing.isEmpty() && !autoEvolve) {
            throw new StoreException(StoreException.Kind.FATAL, table, "table " + existing.qualified() + " has no column"
                    + " for field(s) " + missing.stream().map(Field::getName).toList() + " and table.auto.evolve is"
                    + " false: add the columns, or set table.auto.evolve=true");
        }
        for (Field field : missing) {
            alter(table, "ADD COLUMN IF NOT EXISTS " + ChIdentifiers.quote(field.getName()) + " "
                    + columnType(batch, field).sql());
        }
        if (needsSequence) {
            alter(table, "ADD COLUMN IF NOT EXISTS " + ChIdentifiers.quote(ChTable.SEQUENCE_COLUMN) + " UInt64");
            alter(table, "ADD " + ChTableLayout.sequenceIndexDefinition().replaceFirst("^INDEX ", "INDEX IF NOT EXISTS "));
        }
        forget(table);
        return find(table);
    }

    /**
     * {@code table}, made to deduplicate repeated inserts by their token: a replicated MergeTree does so by default;
     * a plain MergeTree only with {@code non_replicated_deduplication_window} above 0 (tables this sink creates have
     * it; an existing one gets it with {@code ALTER TABLE … MODIFY SETTING} when auto-evolve is on).
     *
     * @throws StoreException {@link StoreException.Kind#FATAL} when the table cannot deduplicate and may not be
     *                        altered, or its engine cannot deduplicate at all
     */
    ChTable deduplicating(ChTable table) {
        if (table.isReplicated()) {
            Long window = table.setting("replicated_deduplication_window");
            if (window != null && window == 0) {
                throw new StoreException(StoreException.Kind.FATAL, table.name(), "table " + table.qualified() + " sets"
                        + " replicated_deduplication_window = 0, so a retried insert would be stored twice: raise it (e.g."
                        + " ALTER TABLE " + table.qualified() + " MODIFY SETTING replicated_deduplication_window = 1000)");
            }
            return table;
        }
        if (!table.isMergeTree()) {
            throw new StoreException(StoreException.Kind.FATAL, table.name(), "table " + table.qualified() + " has engine "
                    + table.engine() + ", which cannot deduplicate a retried insert by its token: this sink writes exactly"
                    + " once only into MergeTree-family tables");
        }
        Long window = table.setting(DEDUP_WINDOW);
        if (window == null) {
            window = serverDeduplicationWindow();
        }
        if (window > 0 && window >= Math.min(layout.deduplicationWindow(), MIN_DEDUPLICATION_WINDOW)) {
            return table;
        }
        if (!autoEvolve) {
            throw new StoreException(StoreException.Kind.FATAL, table.name(), "table " + table.qualified() + " has "
                    + DEDUP_WINDOW + " = " + window + ", so a retried insert would be stored twice, and table.auto.evolve"
                    + " is false: ALTER TABLE " + table.qualified() + " MODIFY SETTING " + DEDUP_WINDOW + " = "
                    + layout.deduplicationWindow() + ", or set table.auto.evolve=true");
        }
        alter(table.name(), "MODIFY SETTING " + DEDUP_WINDOW + " = " + layout.deduplicationWindow());
        forget(table.name());
        return find(table.name());
    }

    private long serverDeduplicationWindow() {
        if (serverDeduplicationWindow == null) {
            List<GenericRecord> rows = client.query(DEDUP_DEFAULT_SQL, Map.of());
            serverDeduplicationWindow = rows.isEmpty() ? 0L : Long.parseLong(rows.get(0).getString("value"));
        }
        return serverDeduplicationWindow;
    }

    /** Drops what is cached about {@code table} (after DDL, or a failure that may have changed it). */
    void forget(String table) {
        tables.remove(table);
    }

    private void create(String table, ColumnarBatch batch) {
        List<String> definitions = new ArrayList<>();
        for (Field field : batch.root().getSchema().getFields()) {
            definitions.add(ChIdentifiers.quote(field.getName()) + " " + columnType(batch, field).sql());
        }
        if (batch.isAmp()) {
            definitions.add(ChIdentifiers.quote(ChTable.SEQUENCE_COLUMN) + " UInt64");
            definitions.add(ChTableLayout.sequenceIndexDefinition());
        }
        client.execute("CREATE TABLE IF NOT EXISTS " + ChIdentifiers.qualified(client.database(), table) + " ("
                + String.join(", ", definitions) + ")" + layout.engineClause(batch.isAmp()), Map.of(), Map.of());
    }

    private void alter(String table, String change) {
        client.execute("ALTER TABLE " + ChIdentifiers.qualified(client.database(), table) + " " + change, Map.of(),
                Map.of("alter_sync", "2"));
    }

    private static ChType columnType(ColumnarBatch batch, Field field) {
        org.apache.kafka.connect.data.Field connectField = batch.valueSchema().field(field.getName());
        Map<String, String> parameters = connectField == null ? null : connectField.schema().parameters();
        String hint = parameters == null ? null : parameters.get(SchemaConventions.ARROW_TYPE);
        // a required Connect field (e.g. _amp_batch_id) holds no NULLs, whatever its vector declares
        Field column = connectField != null && !connectField.schema().isOptional() && field.isNullable()
                ? new Field(field.getName(), new FieldType(false, field.getType(), field.getDictionary(), field.getMetadata()),
                        field.getChildren())
                : field;
        try {
            return ChTypeMapping.columnType(column, hint);
        } catch (IllegalArgumentException e) {
            throw new StoreException(StoreException.Kind.FATAL, null, "cannot create a ClickHouse column for "
                    + e.getMessage(), e);
        }
    }

    private static List<Field> missingFields(ChTable table, ColumnarBatch batch) {
        List<Field> missing = new ArrayList<>();
        for (Field field : batch.root().getSchema().getFields()) {
            if (!table.columns().containsKey(field.getName())) {
                missing.add(field);
            }
        }
        return missing;
    }

    /** A column type ClickHouse printed; one we cannot parse stays opaque and matches no writer. */
    private static ChType parseType(String type) {
        try {
            return ChType.parse(type);
        } catch (IllegalArgumentException e) {
            return ChType.of(type);
        }
    }
}
