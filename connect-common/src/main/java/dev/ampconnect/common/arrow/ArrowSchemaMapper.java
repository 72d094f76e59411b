package dev.ampconnect.common.arrow;

import dev.ampconnect.common.contract.AmpHeaders;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Maps an Arrow schema to the Connect schema of its rows, exactly as TYPES.md says: every amp type,
 * nullability carried over, every schema named with a valid Avro full name and tagged with
 * {@code amp.arrow.type}. An Arrow type without a mapping fails with the column and the type named.
 *
 * <p>The produced schemas are what {@link ArrowRowReader} reads values into. Thread-safe.
 */
public final class ArrowSchemaMapper {

    private static final String UINT64_PRECISION = "20";

    private final ArrowConversionOptions options;

    /** A mapper with the given {@code uint64.mode} and {@code timestamp.mode}. */
    public ArrowSchemaMapper(ArrowConversionOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** The options this mapper applies. */
    public ArrowConversionOptions options() {
        return options;
    }

    /**
     * The full name of a stream's value struct: {@code dev.ampconnect.stream.<stream>.Value}, the stream
     * name sanitised to {@code [A-Za-z0-9_]} with a leading digit prefixed by {@code _}.
     */
    public static String valueSchemaName(String streamName) {
        return SchemaConventions.STREAM_NAMESPACE + "." + AvroNames.sanitize(streamName) + "."
                + SchemaConventions.VALUE_STRUCT_SIMPLE_NAME;
    }

    /**
     * The value schema of a stream's data records: its columns, named {@link #valueSchemaName(String)},
     * with the required STRING column {@code _amp_batch_id} appended last.
     */
    public Schema streamValueSchema(org.apache.arrow.vector.types.pojo.Schema arrowSchema, String streamName) {
        return withBatchIdColumn(structSchema(arrowSchema, valueSchemaName(streamName)));
    }

    /**
     * A required struct of the Arrow schema's columns, in order, named {@code structName} (a valid Avro full
     * name); nested structs are named {@code <structName>.<field>}, list elements {@code .<field>_item}.
     */
    public Schema structSchema(org.apache.arrow.vector.types.pojo.Schema arrowSchema, String structName) {
        Objects.requireNonNull(arrowSchema, "arrowSchema");
        requireValidFullName(structName);
        return mapStruct(arrowSchema.getFields(), structName, "", new HashSet<>()).build();
    }

    /**
     * The schema of one column. Nested types are named under {@code parentName}, the full name of the
     * struct that holds the column.
     */
    public Schema columnSchema(Field field, String parentName) {
        requireValidFullName(parentName);
        AvroNames.requireValidFieldName(field.getName(), field.getName());
        return map(field, field.getName(), parentName + "." + field.getName(), new HashSet<>());
    }

    /**
     * {@code valueStruct} with the required STRING column {@code _amp_batch_id} appended last (ARCHITECTURE.md
     * "The record contract v1"). Fails when the struct already has a column of that name.
     */
    public static Schema withBatchIdColumn(Schema valueStruct) {
        if (valueStruct.type() != Schema.Type.STRUCT) {
            throw new IllegalArgumentException("a value struct is required, got " + valueStruct.type());
        }
        if (valueStruct.field(AmpHeaders.BATCH_ID_COLUMN) != null) {
            throw new ArrowConversionException("the query already has a column named '"
                    + AmpHeaders.BATCH_ID_COLUMN + "', which amp-connect adds to every row; rename it in the query");
        }
        SchemaBuilder copy = SchemaBuilder.struct().name(valueStruct.name());
        if (valueStruct.version() != null) {
            copy.version(valueStruct.version());
        }
        if (valueStruct.doc() != null) {
            copy.doc(valueStruct.doc());
        }
        if (valueStruct.parameters() != null) {
            copy.parameters(valueStruct.parameters());
        }
        if (valueStruct.isOptional()) {
            copy.optional();
        }
        valueStruct.fields().forEach(f -> copy.field(f.name(), f.schema()));
        return copy.field(AmpHeaders.BATCH_ID_COLUMN, Schema.STRING_SCHEMA).build();
    }

    private SchemaBuilder mapStruct(List<Field> children, String structName, String columnPrefix, Set<String> names) {
        if (!names.add(structName)) {
            throw new ArrowConversionException("column '" + columnPrefix + "': two nested types would both be named '"
                    + structName + "' (a field named like a list element '<field>_item'?); rename one in the query");
        }
        SchemaBuilder struct = SchemaBuilder.struct().name(structName);
        Set<String> fieldNames = new HashSet<>();
        for (Field child : children) {
            String column = columnPrefix.isEmpty() ? child.getName() : columnPrefix + "." + child.getName();
            AvroNames.requireValidFieldName(child.getName(), column);
            if (!fieldNames.add(child.getName())) {
                throw new ArrowConversionException("column '" + column + "' appears twice in "
                        + (columnPrefix.isEmpty() ? "the result" : "struct '" + columnPrefix + "'")
                        + "; give one an alias in the query");
            }
            struct.field(child.getName(), map(child, column, structName + "." + child.getName(), names));
        }
        return struct;
    }

    /**
     * @param column   the column's path, for messages ({@code tx.access_list[].address})
     * @param typeName the full name this field's schema gets if it is a named type
     */
    private Schema map(Field field, String column, String typeName, Set<String> names) {
        ArrowType type = field.getType();
        if (field.getDictionary() != null) {
            throw unsupported(column, "dictionary-encoded " + ArrowTypeLabel.of(type));
        }
        SchemaBuilder builder = switch (type.getTypeID()) {
            case Null -> SchemaBuilder.string().optional();
            case Bool -> SchemaBuilder.bool();
            case Int -> integer((ArrowType.Int) type);
            case FloatingPoint -> ((ArrowType.FloatingPoint) type).getPrecision()
                    == org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE
                    ? SchemaBuilder.float64() : SchemaBuilder.float32();
            case Utf8, LargeUtf8, Utf8View -> SchemaBuilder.string();
            case Binary, LargeBinary, BinaryView -> SchemaBuilder.bytes();
            case FixedSizeBinary -> {
                int size = ((ArrowType.FixedSizeBinary) type).getByteWidth();
                yield SchemaBuilder.bytes().name(SchemaConventions.fixedName(size))
                        .parameter(SchemaConventions.FIXED_SIZE, Integer.toString(size));
            }
            case Decimal -> decimal((ArrowType.Decimal) type, column);
            case Timestamp -> options.timestampMode() == TimestampMode.NANOS
                    ? SchemaBuilder.int64().name(SchemaConventions.TIMESTAMP_NANOS_NAME)
                    : Timestamp.builder();
            case Date -> Date.builder();
            case Time -> Time.builder();
            case List, LargeList, FixedSizeList -> SchemaBuilder.array(
                    map(onlyChild(field, column), column + "[]", typeName + SchemaConventions.LIST_ITEM_SUFFIX, names));
            case Struct -> mapStruct(field.getChildren(), typeName, column, names);
            case Map -> {
                Field entries = onlyChild(field, column);
                if (entries.getChildren().size() != 2) {
                    throw unsupported(column, "map whose entries have " + entries.getChildren().size() + " fields");
                }
                yield SchemaBuilder.map(
                        map(entries.getChildren().get(0), column + "{key}", typeName + SchemaConventions.MAP_KEY_SUFFIX, names),
                        map(entries.getChildren().get(1), column + "{value}", typeName + SchemaConventions.MAP_VALUE_SUFFIX, names));
            }
            default -> throw unsupported(column, ArrowTypeLabel.of(type));
        };
        if (field.isNullable()) {
            builder.optional();
        }
        return builder.parameter(SchemaConventions.ARROW_TYPE, ArrowTypeLabel.of(type)).build();
    }

    private SchemaBuilder integer(ArrowType.Int type) {
        if (type.getIsSigned()) {
            return switch (type.getBitWidth()) {
                case 8 -> SchemaBuilder.int8();
                case 16 -> SchemaBuilder.int16();
                case 32 -> SchemaBuilder.int32();
                default -> SchemaBuilder.int64();
            };
        }
        // unsigned widths widen to the next signed width, which holds every value exactly
        return switch (type.getBitWidth()) {
            case 8 -> SchemaBuilder.int16();
            case 16 -> SchemaBuilder.int32();
            case 32 -> SchemaBuilder.int64();
            default -> options.uint64Mode() == Uint64Mode.INT64
                    ? SchemaBuilder.int64()
                    : Decimal.builder(0).parameter(SchemaConventions.DECIMAL_PRECISION, UINT64_PRECISION);
        };
    }

    private static SchemaBuilder decimal(ArrowType.Decimal type, String column) {
        // Avro's decimal requires 0 <= scale <= precision
        if (type.getScale() < 0 || type.getScale() > type.getPrecision()) {
            throw unsupported(column, ArrowTypeLabel.of(type) + " (scale outside 0..precision)");
        }
        return Decimal.builder(type.getScale())
                .parameter(SchemaConventions.DECIMAL_PRECISION, Integer.toString(type.getPrecision()));
    }

    private static Field onlyChild(Field field, String column) {
        if (field.getChildren().size() != 1) {
            throw unsupported(column, ArrowTypeLabel.of(field.getType()) + " with " + field.getChildren().size() + " children");
        }
        return field.getChildren().get(0);
    }

    private static void requireValidFullName(String name) {
        if (!AvroNames.isValidFullName(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a valid Avro full name (dot-separated [A-Za-z_][A-Za-z0-9_]*)");
        }
    }

    private static ArrowConversionException unsupported(String column, String type) {
        return new ArrowConversionException("column '" + column + "' has Arrow type " + type
                + ", which amp-connect does not map to Kafka Connect (see connect-common/TYPES.md);"
                + " cast it in the query to a supported type (e.g. VARCHAR)");
    }
}
