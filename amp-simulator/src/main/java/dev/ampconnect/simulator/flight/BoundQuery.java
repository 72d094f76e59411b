package dev.ampconnect.simulator.flight;

import dev.ampconnect.simulator.data.TableGenerator;
import dev.ampconnect.simulator.data.TableSet;
import dev.ampconnect.simulator.sql.BlockFilter;
import dev.ampconnect.simulator.sql.InvalidQueryException;
import dev.ampconnect.simulator.sql.ParsedQuery;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A parsed query bound to the dataset: its table, projected schema, block filter, whether it streams and
 * the resume cursor it arrived with. This is what a ticket stands for.
 */
final class BoundQuery {

    private final String sql;
    private final TableGenerator table;
    private final int[] projection;
    private final Schema schema;
    private final BlockFilter filter;
    private final boolean streaming;
    private final Map<String, BlockCursor> resume;

    private BoundQuery(String sql, TableGenerator table, int[] projection, Schema schema, BlockFilter filter,
                       boolean streaming, Map<String, BlockCursor> resume) {
        this.sql = sql;
        this.table = table;
        this.projection = projection;
        this.schema = schema;
        this.filter = filter;
        this.streaming = streaming;
        this.resume = resume;
    }

    /**
     * Binds {@code parsed} to {@code tables}.
     *
     * @param resume the well-formed {@code amp-resume} cursors, or null when absent or malformed
     * @throws InvalidQueryException for an unknown table or column
     */
    static BoundQuery bind(String sql, ParsedQuery parsed, TableSet tables, boolean streaming,
                           Map<String, BlockCursor> resume) {
        TableGenerator table;
        try {
            table = tables.table(parsed.table());
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryException(e.getMessage() + " (in dataset " + parsed.dataset() + ")");
        }
        if (parsed.selectsAll()) {
            return new BoundQuery(sql, table, null, table.schema(), parsed.filter(), streaming, resume);
        }
        List<Field> fields = table.schema().getFields();
        int[] projection = new int[parsed.columns().size()];
        List<Field> projected = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < projection.length; i++) {
            String column = parsed.columns().get(i);
            projection[i] = indexOf(fields, column, table);
            Field field = fields.get(projection[i]);
            if (!seen.add(field.getName())) {
                throw new InvalidQueryException("column '" + field.getName() + "' is selected twice");
            }
            projected.add(field);
        }
        return new BoundQuery(sql, table, projection, new Schema(projected), parsed.filter(), streaming, resume);
    }

    private static int indexOf(List<Field> fields, String column, TableGenerator table) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).getName().equals(column)) {
                return i;
            }
        }
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).getName().equalsIgnoreCase(column)) {
                return i;
            }
        }
        throw new InvalidQueryException("table " + table.name() + " has no column '" + column + "'; columns: "
                + fields.stream().map(Field::getName).toList());
    }

    /** The row reduced to the selected columns. */
    Object[] project(Object[] row) {
        if (projection == null) {
            return row;
        }
        Object[] projected = new Object[projection.length];
        for (int i = 0; i < projection.length; i++) {
            projected[i] = row[projection[i]];
        }
        return projected;
    }

    String sql() {
        return sql;
    }

    TableGenerator table() {
        return table;
    }

    Schema schema() {
        return schema;
    }

    BlockFilter filter() {
        return filter;
    }

    boolean streaming() {
        return streaming;
    }

    /** The resume cursors per network, or null when the query arrived without a (well-formed) one. */
    Map<String, BlockCursor> resume() {
        return resume;
    }
}
