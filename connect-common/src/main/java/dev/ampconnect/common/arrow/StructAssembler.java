package dev.ampconnect.common.arrow;

import java.util.List;
import org.apache.arrow.vector.ValueVector;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Fills the fields of a Connect Struct from the child vectors of one Arrow struct (or of a whole record
 * batch): the loop shared by the top-level row and by nested struct columns.
 */
final class StructAssembler {

    /** What is decided once per schema: which Connect field each child becomes and how it is read. */
    static final class Plan {
        private final Schema schema;
        private final Field[] fields;
        private final ColumnPlan[] children;
        private final String[] columns;

        /** {@code fields[i]} is filled from child vector {@code i}; extra Connect fields are left to the caller. */
        Plan(Schema schema, Field[] fields, ColumnPlan[] children, String[] columns) {
            this.schema = schema;
            this.fields = fields;
            this.children = children;
            this.columns = columns;
        }

        Schema schema() {
            return schema;
        }

        StructAssembler bind(List<? extends ValueVector> vectors) {
            ValueReader[] readers = new ValueReader[children.length];
            for (int i = 0; i < children.length; i++) {
                readers[i] = ColumnPlanner.bindChecked(children[i], vectors.get(i), columns[i]);
            }
            return new StructAssembler(this, readers);
        }
    }

    private final Schema schema;
    private final Field[] fields;
    private final ValueReader[] readers;
    private final boolean[] required;
    private final String[] columns;

    private StructAssembler(Plan plan, ValueReader[] readers) {
        this.schema = plan.schema;
        this.fields = plan.fields;
        this.readers = readers;
        this.columns = plan.columns;
        this.required = new boolean[fields.length];
        for (int i = 0; i < fields.length; i++) {
            required[i] = !fields[i].schema().isOptional();
        }
    }

    /** A new Struct with every planned field filled from {@code index}. */
    Struct assemble(int index) {
        Struct struct = new Struct(schema);
        for (int i = 0; i < readers.length; i++) {
            Object value = readers[i].read(index);
            if (value == null && required[i]) {
                throw new ColumnValueException(columns[i], "null in a non-nullable column");
            }
            struct.put(fields[i], value);
        }
        return struct;
    }
}
