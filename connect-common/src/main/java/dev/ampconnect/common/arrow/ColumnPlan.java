package dev.ampconnect.common.arrow;

import org.apache.arrow.vector.ValueVector;

/**
 * How to read one column, decided once per schema (Arrow type x Connect schema); binding it to the
 * column's vector of a record batch yields the {@link ValueReader} used for every row of that batch.
 */
@FunctionalInterface
interface ColumnPlan {

    ValueReader bind(ValueVector vector);
}
