package dev.ampconnect.sink.iceberg.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;
import org.junit.jupiter.api.Test;

class TableSchemasTest {

    @Test
    void widerTypesAreAcceptedAndNewColumnsListed() {
        Schema table = new Schema(NestedField.optional(1, "a", Types.LongType.get()),
                NestedField.optional(2, "d", Types.DecimalType.of(38, 2)));
        Schema batch = new Schema(NestedField.optional(1, "a", Types.IntegerType.get()),
                NestedField.optional(2, "d", Types.DecimalType.of(20, 2)),
                NestedField.optional(3, "new", Types.StringType.get()));
        assertEquals(List.of("new"), TableSchemas.missingColumns("t", table, batch).stream().map(NestedField::name).toList());
    }

    @Test
    void narrowerOrOtherTypesAreRefusedNamingTheColumn() {
        Schema table = new Schema(NestedField.optional(1, "a", Types.IntegerType.get()));
        Schema batch = new Schema(NestedField.optional(1, "a", Types.LongType.get()));
        IncompatibleTableException e = assertThrows(IncompatibleTableException.class,
                () -> TableSchemas.missingColumns("db.t", table, batch));
        assertTrue(e.getMessage().contains("db.t") && e.getMessage().contains("'a'"), e.getMessage());
    }

    @Test
    void nullableRecordsCannotGoIntoARequiredColumn() {
        Schema table = new Schema(NestedField.required(1, "a", Types.LongType.get()));
        Schema batch = new Schema(NestedField.optional(1, "a", Types.LongType.get()));
        assertThrows(IncompatibleTableException.class, () -> TableSchemas.missingColumns("t", table, batch));
    }

    @Test
    void aRequiredTableColumnTheRecordsLackIsRefused() {
        Schema table = new Schema(NestedField.required(1, "a", Types.LongType.get()),
                NestedField.required(2, "b", Types.LongType.get()));
        Schema batch = new Schema(NestedField.required(1, "a", Types.LongType.get()));
        IncompatibleTableException e = assertThrows(IncompatibleTableException.class,
                () -> TableSchemas.missingColumns("t", table, batch));
        assertTrue(e.getMessage().contains("'b'"), e.getMessage());
    }

    @Test
    void nestedFieldsAreComparedByName() {
        Schema table = new Schema(NestedField.optional(1, "s", Types.StructType.of(
                NestedField.optional(2, "x", Types.LongType.get()))));
        Schema batch = new Schema(NestedField.optional(5, "s", Types.StructType.of(
                NestedField.optional(9, "x", Types.IntegerType.get()), NestedField.optional(10, "y", Types.LongType.get()))));
        IncompatibleTableException e = assertThrows(IncompatibleTableException.class,
                () -> TableSchemas.missingColumns("t", table, batch));
        assertTrue(e.getMessage().contains("'y'"), e.getMessage());
    }
}
