package dev.ampconnect.common.arrow.column;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The resolved columns of one Arrow schema, in order: what an encoder builds its per-column writers from,
 * once per schema (or batch), never per row. Immutable.
 */
public final class ResolvedColumns {

    private final List<Column> columns;
    private final Map<String, Column> byName;

    ResolvedColumns(List<Column> columns) {
        this.columns = List.copyOf(columns);
        this.byName = new HashMap<>();
        for (Column column : this.columns) {
            // with duplicate names (which the Connect mapping refuses) the first one wins
            byName.putIfAbsent(column.name(), column);
        }
    }

    /**
     * The columns of {@code schema}.
     *
     * @throws dev.ampconnect.common.arrow.ArrowConversionException naming the column when a type is not supported
     */
    public static ResolvedColumns of(org.apache.arrow.vector.types.pojo.Schema schema) {
        return ColumnResolver.resolve(schema);
    }

    /** Every column, in schema order. */
    public List<Column> columns() {
        return columns;
    }

    /** The column at {@code index}, the index of its vector in a {@code VectorSchemaRoot} of the schema. */
    public Column get(int index) {
        return columns.get(index);
    }

    /** The column named {@code name}, or {@code null} when there is none. */
    public Column column(String name) {
        return byName.get(name);
    }

    /** The number of columns. */
    public int size() {
        return columns.size();
    }

    @Override
    public String toString() {
        return columns.toString();
    }
}
