package dev.ampconnect.common.sink.buffer;

import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/** The writers of nested columns (ARRAY -> List, STRUCT -> Struct, MAP -> Map), over their children's writers. */
final class NestedColumnWriters {

    private NestedColumnWriters() {
    }

    /** ARRAY (a java.util.List) into List: its elements at the list's next element slots. */
    static final class ListWriter extends ConnectColumnWriter {
        private final ListVector vector;
        private final ConnectColumnWriter element;

        ListWriter(String path, ListVector vector, ConnectColumnWriter element) {
            super(path);
            this.vector = vector;
            this.element = element;
        }

        @Override
        void writeValue(int index, Object value) {
            List<?> list = (List<?>) value;
            int start = vector.startNewValue(index);
            int size = list.size();
            for (int k = 0; k < size; k++) {
                element.write(start + k, list.get(k));
            }
            vector.endValue(index, size);
        }

        @Override
        void writeNull(int index) {
            vector.setNull(index);
        }
    }

    /** MAP (a java.util.Map) into Map: its entries, in the map's iteration order; a null key is an error. */
    static final class MapWriter extends ConnectColumnWriter {
        private final MapVector vector;
        private final StructVector entries;
        private final ConnectColumnWriter key;
        private final ConnectColumnWriter value;

        MapWriter(String path, MapVector vector, StructVector entries, ConnectColumnWriter key, ConnectColumnWriter value) {
            super(path);
            this.vector = vector;
            this.entries = entries;
            this.key = key;
            this.value = value;
        }

        @Override
        void writeValue(int index, Object map) {
            int start = vector.startNewValue(index);
            int k = 0;
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) map).entrySet()) {
                if (entry.getKey() == null) {
                    throw new DataException("column " + path + ": map with a null key");
                }
                entries.setIndexDefined(start + k);
                key.write(start + k, entry.getKey());
                value.write(start + k, entry.getValue());
                k++;
            }
            vector.endValue(index, k);
        }

        @Override
        void writeNull(int index) {
            vector.setNull(index);
        }
    }

    /**
     * STRUCT (a Struct) into Struct: each field into its child at the same slot. A Struct of the column's own schema
     * instance (what converters build) is read by field position; any other is read by field name, which checks that
     * it has the fields.
     */
    static final class StructWriter extends ConnectColumnWriter {
        private final StructVector vector;
        private final Schema schema;
        private final Field[] fields;
        private final ConnectColumnWriter[] children;

        StructWriter(String path, StructVector vector, Schema schema, ConnectColumnWriter[] children) {
            super(path);
            this.vector = vector;
            this.schema = schema;
            this.fields = schema.fields().toArray(new Field[0]);
            this.children = children;
        }

        @Override
        void writeValue(int index, Object value) {
            Struct struct = (Struct) value;
            vector.setIndexDefined(index);
            if (struct.schema() == schema) {
                for (int f = 0; f < fields.length; f++) {
                    children[f].write(index, struct.get(fields[f]));
                }
            } else {
                for (int f = 0; f < fields.length; f++) {
                    children[f].write(index, struct.get(fields[f].name()));
                }
            }
        }

        @Override
        void writeNull(int index) {
            vector.setNull(index);
            for (ConnectColumnWriter child : children) {
                child.writeNull(index);
            }
        }
    }
}
