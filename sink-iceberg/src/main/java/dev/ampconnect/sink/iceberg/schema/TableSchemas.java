package dev.ampconnect.sink.iceberg.schema;

import dev.ampconnect.common.contract.AmpHeaders;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;

/**
 * The Iceberg schema a batch needs, and how it relates to an existing table's: which columns the table lacks
 * (added by evolution), and whether the rest is compatible (else an {@link IncompatibleTableException} naming
 * the column). Amp rows carry {@code _amp_batch_id} (a column of the batch) and {@value #BATCH_SEQUENCE_COLUMN},
 * the registry sequence of their microbatch (the sink writes it from the batch's slices).
 */
public final class TableSchemas {

    /** The registry sequence of a row's microbatch: {@code long}, null for plain rows. */
    public static final String BATCH_SEQUENCE_COLUMN = "_amp_batch_seq";
    /** The batch id column every amp row carries. */
    public static final String BATCH_ID_COLUMN = AmpHeaders.BATCH_ID_COLUMN;

    private TableSchemas() {
    }

    /**
     * The schema of a batch's columns as Iceberg types, followed by the optional {@value #BATCH_SEQUENCE_COLUMN}
     * when {@code amp}. Field ids are numbered from 1 (Iceberg renumbers them on create).
     */
    public static Schema of(org.apache.arrow.vector.types.pojo.Schema arrowSchema, boolean amp,
                            IcebergTypeMapping.Options options) {
        if (amp && arrowSchema.getFields().stream().anyMatch(f -> f.getName().equals(BATCH_SEQUENCE_COLUMN))) {
            throw new UnsupportedColumnException("the query has a column named '" + BATCH_SEQUENCE_COLUMN
                    + "', which the Iceberg sink adds to every amp row; rename it in the query");
        }
        List<NestedField> fields = new ArrayList<>(IcebergTypeMapping.fields(arrowSchema.getFields(), options));
        if (amp) {
            int lastId = new Schema(fields).highestFieldId();
            fields.add(NestedField.optional(lastId + 1, BATCH_SEQUENCE_COLUMN, Types.LongType.get()));
        }
        return new Schema(fields);
    }

    /**
     * The batch's top-level columns the table does not have yet, to add as optional columns.
     *
     * @throws IncompatibleTableException when a column both have is incompatible, or a required table column
     *                                    is absent from the batch; the message names the table and the column
     */
    public static List<NestedField> missingColumns(String table, Schema tableSchema, Schema batchSchema) {
        List<NestedField> missing = new ArrayList<>();
        for (NestedField column : batchSchema.columns()) {
            NestedField existing = tableSchema.findField(column.name());
            if (existing == null) {
                missing.add(column);
                continue;
            }
            String problem = incompatibility(existing, column, column.name());
            if (problem != null) {
                throw new IncompatibleTableException("table " + table + ": " + problem);
            }
        }
        for (NestedField column : tableSchema.columns()) {
            if (column.isRequired() && batchSchema.findField(column.name()) == null) {
                throw new IncompatibleTableException("table " + table + ": required column '" + column.name()
                        + "' (" + column.type() + ") is not in the records; make it optional or add it to the query");
            }
        }
        return missing;
    }

    /** Why values of {@code batch} cannot be stored in {@code table}'s field, or {@code null} when they can. */
    static String incompatibility(NestedField table, NestedField batch, String path) {
        if (table.isRequired() && batch.isOptional()) {
            return "column '" + path + "' is required in the table but nullable in the records";
        }
        return typeIncompatibility(table.type(), batch.type(), path);
    }

    private static String typeIncompatibility(Type table, Type batch, String path) {
        if (table.isPrimitiveType() && batch.isPrimitiveType()) {
            return storable(table.asPrimitiveType(), batch.asPrimitiveType()) ? null
                    : "column '" + path + "' is " + table + " in the table, the records need " + batch;
        }
        if (table.typeId() != batch.typeId()) {
            return "column '" + path + "' is " + table + " in the table, the records need " + batch;
        }
        switch (table.typeId()) {
            case STRUCT: {
                for (NestedField child : batch.asStructType().fields()) {
                    NestedField existing = table.asStructType().field(child.name());
                    if (existing == null) {
                        return "struct column '" + path + "' has no field '" + child.name()
                                + "' in the table (nested fields are not added automatically)";
                    }
                    String problem = incompatibility(existing, child, path + "." + child.name());
                    if (problem != null) {
                        return problem;
                    }
                }
                for (NestedField child : table.asStructType().fields()) {
                    if (child.isRequired() && batch.asStructType().field(child.name()) == null) {
                        return "struct column '" + path + "' requires field '" + child.name() + "', absent from the records";
                    }
                }
                return null;
            }
            case LIST: {
                Types.ListType tableList = table.asListType();
                Types.ListType batchList = batch.asListType();
                if (tableList.isElementRequired() && batchList.isElementOptional()) {
                    return "list column '" + path + "' has required elements in the table, nullable in the records";
                }
                return typeIncompatibility(tableList.elementType(), batchList.elementType(), path + "[]");
            }
            case MAP: {
                Types.MapType tableMap = table.asMapType();
                Types.MapType batchMap = batch.asMapType();
                if (tableMap.isValueRequired() && batchMap.isValueOptional()) {
                    return "map column '" + path + "' has required values in the table, nullable in the records";
                }
                String keys = typeIncompatibility(tableMap.keyType(), batchMap.keyType(), path + "{key}");
                return keys != null ? keys : typeIncompatibility(tableMap.valueType(), batchMap.valueType(), path + "{value}");
            }
            default:
                return "column '" + path + "' is " + table + " in the table, the records need " + batch;
        }
    }

    /** Equal types, or one of Iceberg's lossless promotions (int -> long, float -> double, wider decimal). */
    static boolean storable(Type.PrimitiveType table, Type.PrimitiveType batch) {
        if (table.equals(batch)) {
            return true;
        }
        if (batch.typeId() == Type.TypeID.INTEGER && table.typeId() == Type.TypeID.LONG) {
            return true;
        }
        if (batch.typeId() == Type.TypeID.FLOAT && table.typeId() == Type.TypeID.DOUBLE) {
            return true;
        }
        if (batch instanceof Types.DecimalType from && table instanceof Types.DecimalType to) {
            return from.scale() == to.scale() && from.precision() <= to.precision();
        }
        return false;
    }
}
