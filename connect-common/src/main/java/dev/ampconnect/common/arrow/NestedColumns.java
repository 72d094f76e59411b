package dev.ampconnect.common.arrow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * Column plans of the nested types: lists (List, LargeList, FixedSizeList) as {@code java.util.List},
 * structs as Connect Structs, maps as {@code java.util.Map}. Element plans are bound once per batch to
 * the child vector, so a list of structs (EVM {@code access_list}) reads without any lookup per value.
 */
final class NestedColumns {

    private NestedColumns() {
    }

    static ColumnPlan list(ColumnPlan element, boolean elementRequired, String column) {
        return vector -> {
            ListVector v = (ListVector) vector;
            ElementCollector elements = new ElementCollector(
                    ColumnPlanner.bindChecked(element, v.getDataVector(), column + "[]"), elementRequired, column);
            return i -> v.isNull(i) ? null : elements.collect(v.getElementStartIndex(i), v.getElementEndIndex(i));
        };
    }

    static ColumnPlan largeList(ColumnPlan element, boolean elementRequired, String column) {
        return vector -> {
            LargeListVector v = (LargeListVector) vector;
            ElementCollector elements = new ElementCollector(
                    ColumnPlanner.bindChecked(element, v.getDataVector(), column + "[]"), elementRequired, column);
            return i -> v.isNull(i) ? null : elements.collect(
                    Math.toIntExact(v.getElementStartIndex(i)), Math.toIntExact(v.getElementEndIndex(i)));
        };
    }

    static ColumnPlan fixedSizeList(ColumnPlan element, boolean elementRequired, String column) {
        return vector -> {
            FixedSizeListVector v = (FixedSizeListVector) vector;
            int size = v.getListSize();
            ElementCollector elements = new ElementCollector(
                    ColumnPlanner.bindChecked(element, v.getDataVector(), column + "[]"), elementRequired, column);
            return i -> v.isNull(i) ? null : elements.collect(i * size, i * size + size);
        };
    }

    static ColumnPlan struct(StructAssembler.Plan plan) {
        return vector -> {
            StructVector v = (StructVector) vector;
            StructAssembler assembler = plan.bind(v.getChildrenFromFields());
            return i -> v.isNull(i) ? null : assembler.assemble(i);
        };
    }

    static ColumnPlan map(ColumnPlan key, ColumnPlan value, boolean valueRequired, String column) {
        return vector -> {
            MapVector v = (MapVector) vector;
            List<FieldVector> entries = ((StructVector) v.getDataVector()).getChildrenFromFields();
            ValueReader keys = ColumnPlanner.bindChecked(key, entries.get(0), column + "{key}");
            ValueReader values = ColumnPlanner.bindChecked(value, entries.get(1), column + "{value}");
            return i -> {
                if (v.isNull(i)) {
                    return null;
                }
                int start = v.getElementStartIndex(i);
                int end = v.getElementEndIndex(i);
                Map<Object, Object> map = new LinkedHashMap<>(Math.max(4, (int) ((end - start) / 0.75f) + 1));
                for (int e = start; e < end; e++) {
                    Object k = keys.read(e);
                    Object val = values.read(e);
                    if (k == null) {
                        throw new ColumnValueException(column, "null map key");
                    }
                    if (val == null && valueRequired) {
                        throw new ColumnValueException(column + "{value}", "null in a non-nullable map value");
                    }
                    if (map.containsKey(k)) {
                        throw new ColumnValueException(column, "duplicate map key " + k);
                    }
                    map.put(k, val);
                }
                return map;
            };
        };
    }

    /** Reads the child values {@code start..end} of one list into a new {@code java.util.List}. */
    private static final class ElementCollector {
        private final ValueReader element;
        private final boolean elementRequired;
        private final String column;

        ElementCollector(ValueReader element, boolean elementRequired, String column) {
            this.element = element;
            this.elementRequired = elementRequired;
            this.column = column;
        }

        List<Object> collect(int start, int end) {
            List<Object> list = new ArrayList<>(end - start);
            for (int e = start; e < end; e++) {
                Object value = element.read(e);
                if (value == null && elementRequired) {
                    throw new ColumnValueException(column + "[]", "null element in a list of non-nullable elements");
                }
                list.add(value);
            }
            return list;
        }
    }
}
