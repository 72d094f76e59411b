package dev.ampconnect.simulator.data;

import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One row of a table, column name to plain Java value in schema order (the value types are listed on
 * {@link TableGenerator}). This is the simulator's truth that tests compare a database's contents with.
 */
public final class TableRow {

    private final String table;
    private final Map<String, Object> values;

    private TableRow(String table, Map<String, Object> values) {
        this.table = table;
        this.values = values;
    }

    /** Pairs {@code values} (schema order) with the columns of {@code schema}. */
    static TableRow of(String table, Schema schema, Object[] values) {
        List<Field> fields = schema.getFields();
        if (fields.size() != values.length) {
            throw new IllegalArgumentException("table " + table + " has " + fields.size() + " columns, row has "
                    + values.length + " values");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            map.put(fields.get(i).getName(), values[i]);
        }
        return new TableRow(table, Collections.unmodifiableMap(map));
    }

    /** The table this row belongs to. */
    public String table() {
        return table;
    }

    /** The block this row belongs to ({@code block_num}). */
    public long blockNum() {
        return ((BigInteger) values.get("block_num")).longValueExact();
    }

    /** The value of {@code column}; throws if the table has no such column. */
    public Object get(String column) {
        if (!values.containsKey(column)) {
            throw new IllegalArgumentException("table " + table + " has no column '" + column + "'; columns: "
                    + values.keySet());
        }
        return values.get(column);
    }

    /** Every column's value, in schema order (unmodifiable). */
    public Map<String, Object> values() {
        return values;
    }

    @Override
    public String toString() {
        return table + values;
    }
}
