package dev.ampconnect.sink.redis;

import dev.ampconnect.common.sink.AmpSinkConfig;
import dev.ampconnect.common.sink.batch.AmpSchemaNames;
import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.store.StoreException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;

/**
 * The columns of every table ({@code columns:<table>}: column -> Connect type), which tell readers how to
 * parse the text values and stand in for DDL: {@code table.auto.create=false} requires the entry to exist,
 * {@code table.auto.evolve=false} refuses new columns, and a column whose type changes is rejected.
 * Caches what is stored; {@link #plan} computes the additions of one unit without changing the cache.
 */
final class TableCatalog {

    private final boolean autoCreate;
    private final boolean autoEvolve;
    private final Function<String, Map<String, String>> loader;
    private final Map<String, Map<String, String>> stored = new HashMap<>();

    /**
     * @param loader reads the stored columns of a table (empty map when it has none)
     */
    TableCatalog(boolean autoCreate, boolean autoEvolve, Function<String, Map<String, String>> loader) {
        this.autoCreate = autoCreate;
        this.autoEvolve = autoEvolve;
        this.loader = loader;
    }

    /**
     * The columns {@code batch} adds to {@code table} (on top of {@code planned}, the additions of earlier
     * batches of the same unit), checking the table rules.
     *
     * @throws StoreException FATAL for a missing table or column the config forbids creating, DATA for a type conflict
     */
    Map<String, String> plan(String table, ColumnarBatch batch, Map<String, String> planned) {
        Map<String, String> columns = new LinkedHashMap<>(columns(table));
        boolean exists = !columns.isEmpty() || !planned.isEmpty();
        columns.putAll(planned);
        if (!exists && !autoCreate) {
            throw new StoreException(StoreException.Kind.FATAL, table, "table " + table + " does not exist in Redis (no"
                    + " column catalog entry) and " + AmpSinkConfig.TABLE_AUTO_CREATE + "=false; set "
                    + AmpSinkConfig.TABLE_AUTO_CREATE + "=true or write its catalog first");
        }
        Map<String, String> added = new LinkedHashMap<>();
        for (Field field : batch.valueSchema().fields()) {
            String type = label(field.schema());
            String existing = columns.get(field.name());
            if (existing == null) {
                if (exists && !autoEvolve) {
                    throw new StoreException(StoreException.Kind.FATAL, table, "table " + table + " has no column "
                            + field.name() + " and " + AmpSinkConfig.TABLE_AUTO_EVOLVE + "=false");
                }
                added.put(field.name(), type);
            } else if (!existing.equals(type)) {
                throw StoreException.rejectedBatch(table, batch, "table " + table + " column " + field.name() + " holds "
                        + existing + " values but the rows bring " + type, null);
            }
        }
        return added;
    }

    /** The stored columns of a table. */
    Map<String, String> columns(String table) {
        return stored.computeIfAbsent(table, loader);
    }

    /** Records additions that were stored. */
    void committed(String table, Map<String, String> added) {
        if (!added.isEmpty()) {
            stored.computeIfAbsent(table, loader).putAll(added);
        }
    }

    /** Forgets the cache (after a failed unit, or when another task may have written). */
    void reset() {
        stored.clear();
    }

    /** The catalog type of a Connect schema, e.g. {@code int64}, {@code decimal(20,0)}, {@code array<fixed(32)>}. */
    static String label(Schema schema) {
        if (AmpSchemaNames.isDecimal(schema)) {
            int precision = AmpSchemaNames.decimalPrecision(schema);
            return "decimal(" + (precision < 0 ? "" : precision) + "," + AmpSchemaNames.decimalScale(schema) + ")";
        }
        if (AmpSchemaNames.isTimestamp(schema)) {
            return "timestamp";
        }
        if (AmpSchemaNames.isTimestampNanos(schema)) {
            return "timestamp_nanos";
        }
        if (AmpSchemaNames.isDate(schema)) {
            return "date";
        }
        if (AmpSchemaNames.isTime(schema)) {
            return "time";
        }
        switch (schema.type()) {
            case BYTES: {
                int size = AmpSchemaNames.fixedSize(schema);
                return size >= 0 ? "fixed(" + size + ")" : "bytes";
            }
            case ARRAY:
                return "array<" + label(schema.valueSchema()) + ">";
            case MAP:
                return "map<" + label(schema.keySchema()) + "," + label(schema.valueSchema()) + ">";
            case STRUCT: {
                StringBuilder out = new StringBuilder("struct<");
                for (Field field : schema.fields()) {
                    if (field.index() > 0) {
                        out.append(',');
                    }
                    out.append(field.name()).append(':').append(label(field.schema()));
                }
                return out.append('>').toString();
            }
            default:
                return schema.type().getName();
        }
    }
}
