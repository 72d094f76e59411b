package dev.ampconnect.common.arrow;

import dev.ampconnect.common.arrow.column.Column;
import dev.ampconnect.common.arrow.column.ColumnKind;
import dev.ampconnect.common.arrow.column.ColumnResolver;
import dev.ampconnect.common.arrow.column.ResolvedColumns;
import dev.ampconnect.common.contract.AmpHeaders;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;
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
        return mapStruct(ResolvedColumns.of(arrowSchema).columns(), structName, "", new HashSet<>()).build();
    }

    /**
     * The schema of one column. Nested types are named under {@code parentName}, the full name of the
     * struct that holds the column.
     */
    public Schema columnSchema(Field field, String parentName) {
        requireValidFullName(parentName);
        AvroNames.requireValidFieldName(field.getName(), field.getName());
        return map(ColumnResolver.resolve(field), parentName + "." + field.getName(), new HashSet<>());
    }

    /**
     * {@code valueStruct} with the required STRING column {@code _amp_batch_id} appended last (docs/ARCHITECTURE.md
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

    private SchemaBuilder mapStruct(List<Column> children, String structName, String structPath, Set<String> names) {
        if (!names.add(structName)) {
            throw new ArrowConversionException("column '" + structPath + "': two nested types would both be named '"
                    + structName + "' (a field named like a list element '<field>_item'?); rename one in the query");
        }
        SchemaBuilder struct = SchemaBuilder.struct().name(structName);
        Set<String> fieldNames = new HashSet<>();
        for (Column child : children) {
            AvroNames.requireValidFieldName(child.name(), child.path());
            if (!fieldNames.add(child.name())) {
                throw new ArrowConversionException("column '" + child.path() + "' appears twice in "
                        + (structPath.isEmpty() ? "the result" : "struct '" + structPath + "'")
                        + "; give one an alias in the query");
            }
            struct.field(child.name(), map(child, structName + "." + child.name(), names));
        }
        return struct;
    }

    /** @param typeName the full name this column's schema gets if it is a named type */
    private Schema map(Column column, String typeName, Set<String> names) {
        SchemaBuilder builder = column.accept(new SchemaOf(column.path(), typeName, names));
        if (column.nullable()) {
            builder.optional();
        }
        return builder.parameter(SchemaConventions.ARROW_TYPE, column.kind().label()).build();
    }

    /** The Connect schema (builder) of one column, as TYPES.md "Arrow -> Connect" says. */
    private final class SchemaOf implements ColumnKind.Visitor<SchemaBuilder> {
        private final String path;
        private final String typeName;
        private final Set<String> names;

        SchemaOf(String path, String typeName, Set<String> names) {
            this.path = path;
            this.typeName = typeName;
            this.names = names;
        }

        @Override
        public SchemaBuilder visitNull(ColumnKind.Null kind) {
            return SchemaBuilder.string().optional();
        }

        @Override
        public SchemaBuilder visitBool(ColumnKind.Bool kind) {
            return SchemaBuilder.bool();
        }

        @Override
        public SchemaBuilder visitInt(ColumnKind.Int kind) {
            // unsigned widths widen to the next signed width, which holds every value exactly
            return switch (kind.type()) {
                case INT8 -> SchemaBuilder.int8();
                case INT16, UINT8 -> SchemaBuilder.int16();
                case INT32, UINT16 -> SchemaBuilder.int32();
                case INT64, UINT32 -> SchemaBuilder.int64();
                case UINT64 -> options.uint64Mode() == Uint64Mode.INT64
                        ? SchemaBuilder.int64()
                        : Decimal.builder(0).parameter(SchemaConventions.DECIMAL_PRECISION, UINT64_PRECISION);
            };
        }

        @Override
        public SchemaBuilder visitFloatingPoint(ColumnKind.FloatingPoint kind) {
            return switch (kind.precision()) {
                case HALF, SINGLE -> SchemaBuilder.float32();
                case DOUBLE -> SchemaBuilder.float64();
            };
        }

        @Override
        public SchemaBuilder visitDecimal(ColumnKind.Decimal kind) {
            // Avro's decimal requires 0 <= scale <= precision
            if (kind.scale() < 0 || kind.scale() > kind.precision()) {
                throw unsupported(path, kind.label() + " (scale outside 0..precision)");
            }
            return Decimal.builder(kind.scale())
                    .parameter(SchemaConventions.DECIMAL_PRECISION, Integer.toString(kind.precision()));
        }

        @Override
        public SchemaBuilder visitUtf8(ColumnKind.Utf8 kind) {
            return SchemaBuilder.string();
        }

        @Override
        public SchemaBuilder visitBinary(ColumnKind.Binary kind) {
            return SchemaBuilder.bytes();
        }

        @Override
        public SchemaBuilder visitFixedSizeBinary(ColumnKind.FixedSizeBinary kind) {
            return SchemaBuilder.bytes().name(SchemaConventions.fixedName(kind.byteWidth()))
                    .parameter(SchemaConventions.FIXED_SIZE, Integer.toString(kind.byteWidth()));
        }

        @Override
        public SchemaBuilder visitDate(ColumnKind.Date kind) {
            return org.apache.kafka.connect.data.Date.builder();
        }

        @Override
        public SchemaBuilder visitTime(ColumnKind.Time kind) {
            return Time.builder();
        }

        @Override
        public SchemaBuilder visitTimestamp(ColumnKind.Timestamp kind) {
            return options.timestampMode() == TimestampMode.NANOS
                    ? SchemaBuilder.int64().name(SchemaConventions.TIMESTAMP_NANOS_NAME)
                    : Timestamp.builder();
        }

        @Override
        public SchemaBuilder visitList(ColumnKind.List kind) {
            return SchemaBuilder.array(map(kind.element(), typeName + SchemaConventions.LIST_ITEM_SUFFIX, names));
        }

        @Override
        public SchemaBuilder visitStruct(ColumnKind.Struct kind) {
            return mapStruct(kind.children(), typeName, path, names);
        }

        @Override
        public SchemaBuilder visitMap(ColumnKind.Map kind) {
            return SchemaBuilder.map(map(kind.key(), typeName + SchemaConventions.MAP_KEY_SUFFIX, names),
                    map(kind.value(), typeName + SchemaConventions.MAP_VALUE_SUFFIX, names));
        }
    }

    private static void requireValidFullName(String name) {
        if (!AvroNames.isValidFullName(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a valid Avro full name (dot-separated [A-Za-z_][A-Za-z0-9_]*)");
        }
    }

    private static ArrowConversionException unsupported(String path, String type) {
        return new ArrowConversionException("column '" + path + "' has Arrow type " + type
                + ", which amp-connect does not map to Kafka Connect (see connect-common/TYPES.md);"
                + " cast it in the query to a supported type (e.g. VARCHAR)");
    }
}
