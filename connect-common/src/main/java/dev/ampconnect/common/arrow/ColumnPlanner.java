package dev.ampconnect.common.arrow;

import dev.ampconnect.common.arrow.column.Column;
import dev.ampconnect.common.arrow.column.ColumnKind;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.ValueVector;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Decides, once per schema, how each resolved column is read into its Connect schema. The Connect schema
 * says which representation was chosen (UInt64 as Decimal or INT64, Timestamp as Connect Timestamp or
 * nanoseconds), the column's {@link ColumnKind} says which vector holds the values; a pair that TYPES.md
 * does not define fails here, before any row is read.
 */
final class ColumnPlanner {

    private ColumnPlanner() {
    }

    /** The plan of a struct whose first {@code columns.size()} Connect fields are those columns, in order. */
    static StructAssembler.Plan structPlan(List<Column> columns, Schema struct, String structPath) {
        int count = columns.size();
        if (struct.fields().size() < count) {
            throw new ArrowConversionException("struct '" + (structPath.isEmpty() ? struct.name() : structPath)
                    + "' has " + count + " Arrow fields but its Connect schema only " + struct.fields().size());
        }
        org.apache.kafka.connect.data.Field[] fields = new org.apache.kafka.connect.data.Field[count];
        ColumnPlan[] plans = new ColumnPlan[count];
        String[] paths = new String[count];
        for (int i = 0; i < count; i++) {
            Column column = columns.get(i);
            paths[i] = column.path();
            fields[i] = struct.fields().get(i);
            if (!fields[i].name().equals(column.name())) {
                throw new ArrowConversionException("column '" + paths[i] + "': Arrow field " + i + " is named '"
                        + column.name() + "' but Connect field " + i + " is '" + fields[i].name() + "'");
            }
            plans[i] = plan(column, fields[i].schema());
        }
        return new StructAssembler.Plan(struct, fields, plans, paths);
    }

    static ColumnPlan plan(Column column, Schema schema) {
        if (column.nullable() && !schema.isOptional() && !(column.kind() instanceof ColumnKind.Null)) {
            // a required Connect field would reject the first null; TYPES.md carries nullability over
            throw mismatch(column, schema, "an optional schema");
        }
        return column.accept(new PlanOf(column, schema));
    }

    /** Binds a plan to a vector; a vector of an unexpected class is reported as a schema mismatch. */
    static ValueReader bindChecked(ColumnPlan plan, ValueVector vector, String column) {
        try {
            return plan.bind(vector);
        } catch (ClassCastException e) {
            throw new ArrowConversionException("column '" + column + "': record batch holds a "
                    + vector.getClass().getSimpleName() + " (" + vector.getField().getType()
                    + "), not the vector of the schema this reader was built for", e);
        }
    }

    /** The plan of one column for one Connect schema. */
    private static final class PlanOf implements ColumnKind.Visitor<ColumnPlan> {
        private final Column column;
        private final Schema schema;
        private final String path;

        PlanOf(Column column, Schema schema) {
            this.column = column;
            this.schema = schema;
            this.path = column.path();
        }

        @Override
        public ColumnPlan visitNull(ColumnKind.Null kind) {
            return ScalarColumns.nulls();
        }

        @Override
        public ColumnPlan visitBool(ColumnKind.Bool kind) {
            expect(Schema.Type.BOOLEAN, null);
            return ScalarColumns.bool();
        }

        @Override
        public ColumnPlan visitInt(ColumnKind.Int kind) {
            // unsigned widths widen to the next signed width, which holds every value exactly
            return switch (kind.type()) {
                case INT8 -> expect(Schema.Type.INT8, null, ScalarColumns.int8());
                case INT16 -> expect(Schema.Type.INT16, null, ScalarColumns.int16());
                case INT32 -> expect(Schema.Type.INT32, null, ScalarColumns.int32());
                case INT64 -> expect(Schema.Type.INT64, null, ScalarColumns.int64());
                case UINT8 -> expect(Schema.Type.INT16, null, ScalarColumns.uint8());
                case UINT16 -> expect(Schema.Type.INT32, null, ScalarColumns.uint16());
                case UINT32 -> expect(Schema.Type.INT64, null, ScalarColumns.uint32());
                case UINT64 -> uint64();
            };
        }

        private ColumnPlan uint64() {
            if (schema.type() == Schema.Type.INT64 && schema.name() == null) {
                return ScalarColumns.uint64AsInt64(path);
            }
            expect(Schema.Type.BYTES, Decimal.LOGICAL_NAME);
            if (!"0".equals(schema.parameters().get(Decimal.SCALE_FIELD))) {
                throw mismatch(column, schema, "a Decimal of scale 0");
            }
            return DecimalColumns.uint64AsDecimal();
        }

        @Override
        public ColumnPlan visitFloatingPoint(ColumnKind.FloatingPoint kind) {
            return switch (kind.precision()) {
                case HALF -> expect(Schema.Type.FLOAT32, null, ScalarColumns.float16());
                case SINGLE -> expect(Schema.Type.FLOAT32, null, ScalarColumns.float32());
                case DOUBLE -> expect(Schema.Type.FLOAT64, null, ScalarColumns.float64());
            };
        }

        @Override
        public ColumnPlan visitDecimal(ColumnKind.Decimal kind) {
            expect(Schema.Type.BYTES, Decimal.LOGICAL_NAME);
            String scale = schema.parameters() == null ? null : schema.parameters().get(Decimal.SCALE_FIELD);
            if (!Integer.toString(kind.scale()).equals(scale)) {
                throw mismatch(column, schema, "a Decimal of scale " + kind.scale());
            }
            return kind.is256() ? DecimalColumns.decimal256() : DecimalColumns.decimal128();
        }

        @Override
        public ColumnPlan visitUtf8(ColumnKind.Utf8 kind) {
            expect(Schema.Type.STRING, null);
            return switch (kind.layout()) {
                case REGULAR -> ScalarColumns.utf8();
                case LARGE -> ScalarColumns.largeUtf8();
                case VIEW -> ScalarColumns.utf8View();
            };
        }

        @Override
        public ColumnPlan visitBinary(ColumnKind.Binary kind) {
            expect(Schema.Type.BYTES, null);
            return switch (kind.layout()) {
                case REGULAR -> ScalarColumns.binary();
                case LARGE -> ScalarColumns.largeBinary();
                case VIEW -> ScalarColumns.binaryView();
            };
        }

        @Override
        public ColumnPlan visitFixedSizeBinary(ColumnKind.FixedSizeBinary kind) {
            expect(Schema.Type.BYTES, SchemaConventions.fixedName(kind.byteWidth()));
            return ScalarColumns.fixedSizeBinary();
        }

        @Override
        public ColumnPlan visitDate(ColumnKind.Date kind) {
            expect(Schema.Type.INT32, Date.LOGICAL_NAME);
            return switch (kind.unit()) {
                case DAY -> TemporalColumns.dateDay();
                case MILLISECOND -> TemporalColumns.dateMilli(path);
            };
        }

        @Override
        public ColumnPlan visitTime(ColumnKind.Time kind) {
            expect(Schema.Type.INT32, Time.LOGICAL_NAME);
            return TemporalColumns.time(kind.unit(), path);
        }

        @Override
        public ColumnPlan visitTimestamp(ColumnKind.Timestamp kind) {
            if (SchemaConventions.isTimestampNanos(schema)) {
                return TemporalColumns.timestampAsNanos(kind.unit(), path);
            }
            expect(Schema.Type.INT64, Timestamp.LOGICAL_NAME);
            return TemporalColumns.timestampAsDate(kind.unit(), path);
        }

        @Override
        public ColumnPlan visitList(ColumnKind.List kind) {
            expect(Schema.Type.ARRAY, null);
            ColumnPlan element = plan(kind.element(), schema.valueSchema());
            boolean elementRequired = !schema.valueSchema().isOptional();
            return switch (kind.layout()) {
                case REGULAR -> NestedColumns.list(element, elementRequired, path);
                case LARGE -> NestedColumns.largeList(element, elementRequired, path);
                case FIXED_SIZE -> NestedColumns.fixedSizeList(element, elementRequired, path);
            };
        }

        @Override
        public ColumnPlan visitStruct(ColumnKind.Struct kind) {
            expect(Schema.Type.STRUCT, schema.name());
            if (schema.fields().size() != kind.children().size()) {
                throw mismatch(column, schema, "a struct of " + kind.children().size() + " fields");
            }
            return NestedColumns.struct(structPlan(kind.children(), schema, path));
        }

        @Override
        public ColumnPlan visitMap(ColumnKind.Map kind) {
            expect(Schema.Type.MAP, null);
            return NestedColumns.map(plan(kind.key(), schema.keySchema()), plan(kind.value(), schema.valueSchema()),
                    !schema.valueSchema().isOptional(), path);
        }

        private ColumnPlan expect(Schema.Type type, String name, ColumnPlan plan) {
            expect(type, name);
            return plan;
        }

        private void expect(Schema.Type type, String name) {
            if (schema.type() != type || !Objects.equals(schema.name(), name)) {
                throw mismatch(column, schema, type + (name == null ? "" : " named " + name));
            }
        }
    }

    private static ArrowConversionException mismatch(Column column, Schema schema, String expected) {
        return new ArrowConversionException("column '" + column.path() + "': Arrow type " + column.kind().label()
                + " is read into " + expected + ", but the Connect schema is " + schema.type()
                + (schema.name() == null ? "" : " named " + schema.name())
                + (schema.isOptional() ? " (optional)" : " (required)")
                + "; build the schema with ArrowSchemaMapper from this Arrow schema");
    }
}
