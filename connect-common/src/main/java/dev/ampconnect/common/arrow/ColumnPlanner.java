package dev.ampconnect.common.arrow;

import java.util.List;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Decides, once per schema, how each Arrow column is read into its Connect schema: the only place with
 * a type switch. The Connect schema says which representation was chosen (UInt64 as Decimal or INT64,
 * Timestamp as Connect Timestamp or nanoseconds), the Arrow type says which vector holds the values;
 * a pair that TYPES.md does not define fails here, before any row is read.
 */
final class ColumnPlanner {

    private ColumnPlanner() {
    }

    /** The plan of a struct whose first {@code arrowFields.size()} Connect fields are those Arrow fields, in order. */
    static StructAssembler.Plan structPlan(List<Field> arrowFields, Schema struct, String columnPrefix) {
        int count = arrowFields.size();
        if (struct.fields().size() < count) {
            throw new ArrowConversionException("struct '" + (columnPrefix.isEmpty() ? struct.name() : columnPrefix)
                    + "' has " + count + " Arrow fields but its Connect schema only " + struct.fields().size());
        }
        org.apache.kafka.connect.data.Field[] fields = new org.apache.kafka.connect.data.Field[count];
        ColumnPlan[] plans = new ColumnPlan[count];
        String[] columns = new String[count];
        for (int i = 0; i < count; i++) {
            Field arrowField = arrowFields.get(i);
            columns[i] = columnPrefix.isEmpty() ? arrowField.getName() : columnPrefix + "." + arrowField.getName();
            fields[i] = struct.fields().get(i);
            if (!fields[i].name().equals(arrowField.getName())) {
                throw new ArrowConversionException("column '" + columns[i] + "': Arrow field " + i + " is named '"
                        + arrowField.getName() + "' but Connect field " + i + " is '" + fields[i].name() + "'");
            }
            plans[i] = plan(arrowField, fields[i].schema(), columns[i]);
        }
        return new StructAssembler.Plan(struct, fields, plans, columns);
    }

    static ColumnPlan plan(Field field, Schema schema, String column) {
        ArrowType type = field.getType();
        if (field.isNullable() && !schema.isOptional() && type.getTypeID() != ArrowType.ArrowTypeID.Null) {
            // a required Connect field would reject the first null; TYPES.md carries nullability over
            throw mismatch(field, schema, column, "an optional schema");
        }
        switch (type.getTypeID()) {
            case Null:
                return ScalarColumns.nulls();
            case Bool:
                expect(field, schema, column, Schema.Type.BOOLEAN, null);
                return ScalarColumns.bool();
            case Int:
                return integer(field, (ArrowType.Int) type, schema, column);
            case FloatingPoint: {
                FloatingPointPrecision precision = ((ArrowType.FloatingPoint) type).getPrecision();
                if (precision == FloatingPointPrecision.DOUBLE) {
                    expect(field, schema, column, Schema.Type.FLOAT64, null);
                    return ScalarColumns.float64();
                }
                expect(field, schema, column, Schema.Type.FLOAT32, null);
                return precision == FloatingPointPrecision.HALF ? ScalarColumns.float16() : ScalarColumns.float32();
            }
            case Utf8:
                expect(field, schema, column, Schema.Type.STRING, null);
                return ScalarColumns.utf8();
            case LargeUtf8:
                expect(field, schema, column, Schema.Type.STRING, null);
                return ScalarColumns.largeUtf8();
            case Utf8View:
                expect(field, schema, column, Schema.Type.STRING, null);
                return ScalarColumns.utf8View();
            case Binary:
                expect(field, schema, column, Schema.Type.BYTES, null);
                return ScalarColumns.binary();
            case LargeBinary:
                expect(field, schema, column, Schema.Type.BYTES, null);
                return ScalarColumns.largeBinary();
            case BinaryView:
                expect(field, schema, column, Schema.Type.BYTES, null);
                return ScalarColumns.binaryView();
            case FixedSizeBinary: {
                int size = ((ArrowType.FixedSizeBinary) type).getByteWidth();
                expect(field, schema, column, Schema.Type.BYTES, SchemaConventions.fixedName(size));
                return ScalarColumns.fixedSizeBinary();
            }
            case Decimal: {
                ArrowType.Decimal decimal = (ArrowType.Decimal) type;
                expect(field, schema, column, Schema.Type.BYTES, Decimal.LOGICAL_NAME);
                String scale = schema.parameters() == null ? null : schema.parameters().get(Decimal.SCALE_FIELD);
                if (!Integer.toString(decimal.getScale()).equals(scale)) {
                    throw mismatch(field, schema, column, "a Decimal of scale " + decimal.getScale());
                }
                return decimal.getBitWidth() == 256 ? DecimalColumns.decimal256() : DecimalColumns.decimal128();
            }
            case Timestamp: {
                ArrowType.Timestamp timestamp = (ArrowType.Timestamp) type;
                if (SchemaConventions.isTimestampNanos(schema)) {
                    return TemporalColumns.timestampAsNanos(timestamp.getUnit(), column);
                }
                expect(field, schema, column, Schema.Type.INT64, Timestamp.LOGICAL_NAME);
                return TemporalColumns.timestampAsDate(timestamp.getUnit(), column);
            }
            case Date: {
                expect(field, schema, column, Schema.Type.INT32, Date.LOGICAL_NAME);
                return ((ArrowType.Date) type).getUnit() == org.apache.arrow.vector.types.DateUnit.DAY
                        ? TemporalColumns.dateDay()
                        : TemporalColumns.dateMilli(column);
            }
            case Time:
                expect(field, schema, column, Schema.Type.INT32, Time.LOGICAL_NAME);
                return TemporalColumns.time(((ArrowType.Time) type).getUnit(), column);
            case List:
            case LargeList:
            case FixedSizeList: {
                expect(field, schema, column, Schema.Type.ARRAY, null);
                Field element = field.getChildren().get(0);
                ColumnPlan elementPlan = plan(element, schema.valueSchema(), column + "[]");
                boolean elementRequired = !schema.valueSchema().isOptional();
                return switch (type.getTypeID()) {
                    case List -> NestedColumns.list(elementPlan, elementRequired, column);
                    case LargeList -> NestedColumns.largeList(elementPlan, elementRequired, column);
                    default -> NestedColumns.fixedSizeList(elementPlan, elementRequired, column);
                };
            }
            case Struct: {
                expect(field, schema, column, Schema.Type.STRUCT, schema.name());
                if (schema.fields().size() != field.getChildren().size()) {
                    throw mismatch(field, schema, column, "a struct of " + field.getChildren().size() + " fields");
                }
                return NestedColumns.struct(structPlan(field.getChildren(), schema, column));
            }
            case Map: {
                expect(field, schema, column, Schema.Type.MAP, null);
                List<Field> entry = field.getChildren().get(0).getChildren();
                return NestedColumns.map(
                        plan(entry.get(0), schema.keySchema(), column + "{key}"),
                        plan(entry.get(1), schema.valueSchema(), column + "{value}"),
                        !schema.valueSchema().isOptional(), column);
            }
            default:
                throw new ArrowConversionException("column '" + column + "' has Arrow type "
                        + ArrowTypeLabel.of(type) + ", which amp-connect does not read (see connect-common/TYPES.md)");
        }
    }

    private static ColumnPlan integer(Field field, ArrowType.Int type, Schema schema, String column) {
        if (type.getIsSigned()) {
            switch (type.getBitWidth()) {
                case 8:
                    expect(field, schema, column, Schema.Type.INT8, null);
                    return ScalarColumns.int8();
                case 16:
                    expect(field, schema, column, Schema.Type.INT16, null);
                    return ScalarColumns.int16();
                case 32:
                    expect(field, schema, column, Schema.Type.INT32, null);
                    return ScalarColumns.int32();
                default:
                    expect(field, schema, column, Schema.Type.INT64, null);
                    return ScalarColumns.int64();
            }
        }
        switch (type.getBitWidth()) {
            case 8:
                expect(field, schema, column, Schema.Type.INT16, null);
                return ScalarColumns.uint8();
            case 16:
                expect(field, schema, column, Schema.Type.INT32, null);
                return ScalarColumns.uint16();
            case 32:
                expect(field, schema, column, Schema.Type.INT64, null);
                return ScalarColumns.uint32();
            default:
                if (schema.type() == Schema.Type.INT64 && schema.name() == null) {
                    return ScalarColumns.uint64AsInt64(column);
                }
                expect(field, schema, column, Schema.Type.BYTES, Decimal.LOGICAL_NAME);
                if (!"0".equals(schema.parameters().get(Decimal.SCALE_FIELD))) {
                    throw mismatch(field, schema, column, "a Decimal of scale 0");
                }
                return DecimalColumns.uint64AsDecimal();
        }
    }

    /** Binds a plan to a vector; a vector of an unexpected class is reported as a schema mismatch. */
    static ValueReader bindChecked(ColumnPlan plan, ValueVector vector, String column) {
        try {
            return plan.bind(vector);
        } catch (ClassCastException e) {
            throw new ArrowConversionException("column '" + column + "': record batch holds a "
                    + vector.getClass().getSimpleName() + " (" + ArrowTypeLabel.of(vector.getField().getType())
                    + "), not the vector of the schema this reader was built for", e);
        }
    }

    private static void expect(Field field, Schema schema, String column, Schema.Type type, String name) {
        if (schema.type() != type || !java.util.Objects.equals(schema.name(), name)) {
            throw mismatch(field, schema, column, type + (name == null ? "" : " named " + name));
        }
    }

    private static ArrowConversionException mismatch(Field field, Schema schema, String column, String expected) {
        return new ArrowConversionException("column '" + column + "': Arrow type " + ArrowTypeLabel.of(field.getType())
                + " is read into " + expected + ", but the Connect schema is " + schema.type()
                + (schema.name() == null ? "" : " named " + schema.name())
                + (schema.isOptional() ? " (optional)" : " (required)")
                + "; build the schema with ArrowSchemaMapper from this Arrow schema");
    }
}
