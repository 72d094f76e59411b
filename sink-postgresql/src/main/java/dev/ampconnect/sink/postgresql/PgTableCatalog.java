package dev.ampconnect.sink.postgresql;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.store.StoreException;
import dev.ampconnect.sink.postgresql.PostgresSinkConfig.WriteMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Field;

/**
 * What tables exist and with which columns (cached per connection, dropped on rollback), and the DDL that
 * creates and evolves them: auto-create from the value schema, add-column evolution, the
 * {@code _amp_batch_seq} column with its index, and in upsert mode the pre-image table and the staging table.
 */
final class PgTableCatalog {

    /** Column of the pre-image table naming the batch whose write overwrote the row. */
    static final String PREIMAGE_SEQUENCE_COLUMN = "_amp_preimage_seq";
    /** Column of the staging table keeping the row order (last write of a key wins). */
    static final String STAGING_ORDER_COLUMN = "_amp_ord";

    private static final String COLUMNS_SQL = "SELECT a.attname, t.typname, format_type(a.atttypid, a.atttypmod)"
            + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " JOIN pg_type t ON t.oid = a.atttypid"
            + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped"
            + " ORDER BY a.attnum";
    private static final String UNIQUE_KEYS_SQL = "SELECT array_agg(a.attname::text) FROM pg_index i"
            + " JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " CROSS JOIN LATERAL unnest(i.indkey) AS k(attnum)"
            + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum"
            + " WHERE n.nspname = ? AND c.relname = ? AND i.indisunique AND i.indpred IS NULL GROUP BY i.indexrelid";

    private final String schema;
    private final boolean autoCreate;
    private final boolean autoEvolve;
    private final WriteMode mode;
    private final List<String> primaryKey;
    private final Map<String, PgTable> tables = new HashMap<>();
    private final Set<String> absent = new HashSet<>();
    private final Map<String, List<String>> stagingColumns = new HashMap<>();

    PgTableCatalog(String schema, boolean autoCreate, boolean autoEvolve, WriteMode mode, List<String> primaryKey) {
        this.schema = schema;
        this.autoCreate = autoCreate;
        this.autoEvolve = autoEvolve;
        this.mode = mode;
        this.primaryKey = List.copyOf(primaryKey);
    }

    String schema() {
        return schema;
    }

    WriteMode mode() {
        return mode;
    }

    List<String> primaryKey() {
        return primaryKey;
    }

    /** {@code "schema"."table"}. */
    String qualified(String table) {
        return PgIdentifiers.qualified(schema, table);
    }

    /** The pre-image table of an upsert table. */
    static String preimageTable(String table) {
        return PgIdentifiers.derived(table, "__amp_pre");
    }

    /** Forgets everything cached (after a rollback, DDL may not have happened). */
    void reset() {
        tables.clear();
        absent.clear();
        stagingColumns.clear();
    }

    /** The table, or {@code null} when it does not exist. */
    PgTable find(Connection connection, String table) throws SQLException {
        PgTable cached = tables.get(table);
        if (cached != null || absent.contains(table)) {
            return cached;
        }
        Map<String, PgColumn> columns = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(COLUMNS_SQL)) {
            statement.setString(1, schema);
            statement.setString(2, table);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    columns.put(rows.getString(1), new PgColumn(rows.getString(1), PgType.ofTypname(rows.getString(2)),
                            rows.getString(3)));
                }
            }
        }
        if (columns.isEmpty()) {
            absent.add(table);
            return null;
        }
        List<Set<String>> uniqueKeys = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(UNIQUE_KEYS_SQL)) {
            statement.setString(1, schema);
            statement.setString(2, table);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    uniqueKeys.add(Set.copyOf(Arrays.asList((String[]) rows.getArray(1).getArray())));
                }
            }
        }
        PgTable found = new PgTable(table, columns, uniqueKeys);
        tables.put(table, found);
        return found;
    }

    /**
     * The table ready to take {@code batch}: created when missing (table.auto.create), missing columns added
     * (table.auto.evolve), {@code _amp_batch_seq} and its index added for amp rows, and in upsert mode the
     * primary key checked and the pre-image table kept in step.
     */
    PgTable ensure(Connection connection, String table, ColumnarBatch batch) throws SQLException {
        if (!PgIdentifiers.fits(table)) {
            throw new StoreException(StoreException.Kind.FATAL, table, "table name '" + table + "' is longer than"
                    + " PostgreSQL's 63-byte identifier limit; choose a shorter table.name.format");
        }
        PgTable existing = find(connection, table);
        if (existing == null) {
            if (!autoCreate) {
                throw new StoreException(StoreException.Kind.FATAL, table, "table " + qualified(table) + " does not exist"
                        + " and table.auto.create=false: create it, or set table.auto.create=true");
            }
            lock(connection, table);
            forget(table);
            existing = find(connection, table);
            if (existing == null) {
                create(connection, table, batch);
                forget(table);
                existing = find(connection, table);
            }
        }
        List<Field> missing = missingFields(existing, batch);
        boolean needsSequence = batch.isAmp() && !existing.hasSequence();
        boolean needsPreimages = keepsPreimages(batch) && preimagesBehind(connection, table, existing, batch);
        if (!missing.isEmpty() || needsSequence || needsPreimages) {
            if (!missing.isEmpty() && !autoEvolve) {
                throw new StoreException(StoreException.Kind.FATAL, table, "table " + qualified(table) + " has no column"
                        + " for field(s) " + missing.stream().map(Field::name).toList() + " and table.auto.evolve=false:"
                        + " add the columns, or set table.auto.evolve=true");
            }
            lock(connection, table);
            forget(table);
            existing = find(connection, table);
            evolve(connection, table, existing, batch);
            forget(table);
            existing = find(connection, table);
        }
        if (mode == WriteMode.UPSERT) {
            checkPrimaryKey(table, existing, batch);
        }
        return existing;
    }

    private boolean keepsPreimages(ColumnarBatch batch) {
        return mode == WriteMode.UPSERT && batch.isAmp();
    }

    private boolean preimagesBehind(Connection connection, String table, PgTable target, ColumnarBatch batch)
            throws SQLException {
        PgTable preimages = find(connection, preimageTable(table));
        if (preimages == null) {
            return true;
        }
        for (String column : target.columns().keySet()) {
            if (!preimages.columns().containsKey(column)) {
                return true;
            }
        }
        for (Field field : batch.valueSchema().fields()) {
            if (!preimages.columns().containsKey(field.name())) {
                return true;
            }
        }
        return false;
    }

    private List<Field> missingFields(PgTable table, ColumnarBatch batch) {
        List<Field> missing = new ArrayList<>();
        for (Field field : batch.valueSchema().fields()) {
            if (!table.columns().containsKey(field.name())) {
                missing.add(field);
            }
        }
        return missing;
    }

    private void create(Connection connection, String table, ColumnarBatch batch) throws SQLException {
        List<String> columns = new ArrayList<>();
        for (Field field : batch.valueSchema().fields()) {
            columns.add(PgIdentifiers.quote(columnName(table, field)) + " " + PgTypeMapping.ddlType(field.schema(), field.name()));
        }
        if (batch.isAmp()) {
            columns.add(PgIdentifiers.quote(PgTable.SEQUENCE_COLUMN) + " BIGINT");
        }
        if (mode == WriteMode.UPSERT) {
            checkKeyFields(table, batch);
            columns.add("PRIMARY KEY (" + PgIdentifiers.list(primaryKey) + ")");
        }
        execute(connection, "CREATE TABLE " + qualified(table) + " (" + String.join(", ", columns) + ")");
        if (batch.isAmp()) {
            createSequenceIndex(connection, table);
        }
    }

    private void evolve(Connection connection, String table, PgTable existing, ColumnarBatch batch) throws SQLException {
        for (Field field : missingFields(existing, batch)) {
            execute(connection, "ALTER TABLE " + qualified(table) + " ADD COLUMN IF NOT EXISTS "
                    + PgIdentifiers.quote(columnName(table, field)) + " " + PgTypeMapping.ddlType(field.schema(), field.name()));
        }
        if (batch.isAmp() && !existing.hasSequence()) {
            execute(connection, "ALTER TABLE " + qualified(table) + " ADD COLUMN IF NOT EXISTS "
                    + PgIdentifiers.quote(PgTable.SEQUENCE_COLUMN) + " BIGINT");
            createSequenceIndex(connection, table);
        }
        if (keepsPreimages(batch)) {
            forget(table);
            syncPreimageTable(connection, table, find(connection, table));
        }
    }

    /** The pre-image table mirrors every column of the target, plus the sequence of the overwriting batch. */
    private void syncPreimageTable(Connection connection, String table, PgTable target) throws SQLException {
        String preimages = preimageTable(table);
        PgTable existing = find(connection, preimages);
        if (existing == null) {
            execute(connection, "CREATE TABLE " + qualified(preimages) + " (" + PgIdentifiers.quote(PREIMAGE_SEQUENCE_COLUMN)
                    + " BIGINT NOT NULL)");
            execute(connection, "CREATE INDEX " + PgIdentifiers.quote(PgIdentifiers.derived(preimages, "_seq")) + " ON "
                    + qualified(preimages) + " (" + PgIdentifiers.quote(PREIMAGE_SEQUENCE_COLUMN) + ")");
        }
        for (PgColumn column : target.columns().values()) {
            if (existing == null || !existing.columns().containsKey(column.name())) {
                execute(connection, "ALTER TABLE " + qualified(preimages) + " ADD COLUMN IF NOT EXISTS "
                        + PgIdentifiers.quote(column.name()) + " " + column.sqlType());
            }
        }
        forget(preimages);
    }

    /**
     * Append tables get a BRIN index (rows arrive in sequence order, so it stays tiny and deletes of recent
     * batches scan only the tail, at any table size, without slowing COPY); upsert tables a btree, since
     * updates scatter rows.
     */
    private void createSequenceIndex(Connection connection, String table) throws SQLException {
        if (mode == WriteMode.APPEND) {
            execute(connection, "CREATE INDEX IF NOT EXISTS " + PgIdentifiers.quote(sequenceIndex(table))
                    + " ON " + qualified(table) + " USING brin (" + PgIdentifiers.quote(PgTable.SEQUENCE_COLUMN)
                    + ") WITH (pages_per_range = 32, autosummarize = on)");
        } else {
            execute(connection, "CREATE INDEX IF NOT EXISTS " + PgIdentifiers.quote(PgIdentifiers.derived(table, "_amp_seq"))
                    + " ON " + qualified(table) + " (" + PgIdentifiers.quote(PgTable.SEQUENCE_COLUMN) + ")");
        }
    }

    /** The BRIN index on {@code _amp_batch_seq} of an append table. */
    static String sequenceIndex(String table) {
        return PgIdentifiers.derived(table, "_amp_seq_brin");
    }

    private void checkKeyFields(String table, ColumnarBatch batch) {
        for (String key : primaryKey) {
            if (batch.valueSchema().field(key) == null) {
                throw new StoreException(StoreException.Kind.FATAL, table, "pg.pk.fields names '" + key + "' but the"
                        + " records of table " + qualified(table) + " have no such field (fields: "
                        + batch.valueSchema().fields().stream().map(Field::name).toList() + ")");
            }
        }
    }

    private void checkPrimaryKey(String table, PgTable existing, ColumnarBatch batch) {
        checkKeyFields(table, batch);
        if (!existing.hasUniqueKey(primaryKey)) {
            throw new StoreException(StoreException.Kind.FATAL, table, "upsert into " + qualified(table) + " needs a"
                    + " primary key or unique index on exactly " + primaryKey + " (pg.pk.fields); the table has "
                    + existing.uniqueKeys());
        }
    }

    /**
     * The staging table of an upsert table for this connection: a temporary copy of the target's columns
     * (no constraints) plus the row order, emptied at every commit.
     */
    String staging(Connection connection, PgTable target) throws SQLException {
        String name = "amp_stage_" + PgIdentifiers.hash(schema + "." + target.name()).substring(0, 16);
        List<String> columns = List.copyOf(target.columns().keySet());
        if (columns.equals(stagingColumns.get(target.name()))) {
            execute(connection, "TRUNCATE " + PgIdentifiers.quote(name));
            return name;
        }
        execute(connection, "DROP TABLE IF EXISTS pg_temp." + PgIdentifiers.quote(name));
        execute(connection, "CREATE TEMPORARY TABLE " + PgIdentifiers.quote(name) + " ON COMMIT DELETE ROWS AS SELECT * FROM "
                + qualified(target.name()) + " WITH NO DATA");
        execute(connection, "ALTER TABLE " + PgIdentifiers.quote(name) + " ADD COLUMN " + PgIdentifiers.quote(STAGING_ORDER_COLUMN)
                + " BIGINT");
        stagingColumns.put(target.name(), columns);
        return name;
    }

    private static String columnName(String table, Field field) {
        if (!PgIdentifiers.fits(field.name())) {
            throw new StoreException(StoreException.Kind.FATAL, table, "field name '" + field.name() + "' is longer than"
                    + " PostgreSQL's 63-byte identifier limit (rename it with an SMT such as ReplaceField)");
        }
        return field.name();
    }

    /** Serialises DDL on one table across tasks (released at commit or rollback). */
    private void lock(Connection connection, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            statement.setString(1, "amp-connect:" + schema + "." + table);
            statement.execute();
        }
    }

    private void forget(String table) {
        tables.remove(table);
        absent.remove(table);
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
