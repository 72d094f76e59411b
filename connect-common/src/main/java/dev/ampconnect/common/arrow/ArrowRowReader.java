package dev.ampconnect.common.arrow;

import dev.ampconnect.common.arrow.column.ResolvedColumns;
import dev.ampconnect.common.contract.AmpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Reads the rows of Arrow record batches as Connect Structs of a schema {@link ArrowSchemaMapper}
 * produced, with the values TYPES.md defines (UInt64 exact, decimals with their scale, fixed-size binary
 * of its length, timestamps per {@code timestamp.mode}, lists of structs, nulls).
 *
 * <p>How each column is read is decided once, here; {@link #bind} then ties those readers to one
 * batch's vectors, so reading a row costs the Struct and its values and nothing else (no type switch,
 * no schema lookup). A value that cannot be converted fails with an {@link ArrowConversionException}
 * naming the column and the row.
 *
 * <p>When the Connect schema ends with the {@code _amp_batch_id} column (see
 * {@link ArrowSchemaMapper#streamValueSchema}), every row carries the batch id given to {@link #bind}.
 *
 * <p>The reader is immutable and thread-safe; a bound {@link Rows} is not.
 */
public final class ArrowRowReader {

    private final org.apache.arrow.vector.types.pojo.Schema arrowSchema;
    private final Schema valueSchema;
    private final StructAssembler.Plan plan;
    private final org.apache.kafka.connect.data.Field batchIdField;

    /**
     * A reader of record batches of {@code arrowSchema} into {@code valueSchema}, which must be the struct
     * {@link ArrowSchemaMapper} produced from that Arrow schema (optionally with the batch-id column appended).
     *
     * @throws ArrowConversionException when a column's Connect schema is not the one TYPES.md maps its Arrow type to
     */
    public ArrowRowReader(org.apache.arrow.vector.types.pojo.Schema arrowSchema, Schema valueSchema) {
        this.arrowSchema = Objects.requireNonNull(arrowSchema, "arrowSchema");
        this.valueSchema = Objects.requireNonNull(valueSchema, "valueSchema");
        if (valueSchema.type() != Schema.Type.STRUCT) {
            throw new IllegalArgumentException("a STRUCT value schema is required, got " + valueSchema.type());
        }
        int columns = arrowSchema.getFields().size();
        int fields = valueSchema.fields().size();
        if (fields == columns + 1) {
            org.apache.kafka.connect.data.Field last = valueSchema.fields().get(columns);
            if (!AmpHeaders.BATCH_ID_COLUMN.equals(last.name()) || last.schema().type() != Schema.Type.STRING) {
                throw new ArrowConversionException("the value schema has one field more than the " + columns
                        + " Arrow columns, and it is '" + last.name() + "', not the STRING column '"
                        + AmpHeaders.BATCH_ID_COLUMN + "'");
            }
            this.batchIdField = last;
        } else if (fields == columns) {
            this.batchIdField = null;
        } else {
            throw new ArrowConversionException("the value schema has " + fields + " fields for " + columns
                    + " Arrow columns; build it with ArrowSchemaMapper from this Arrow schema");
        }
        this.plan = ColumnPlanner.structPlan(ResolvedColumns.of(arrowSchema).columns(), valueSchema, "");
    }

    /** The Connect schema of every row this reader produces. */
    public Schema valueSchema() {
        return valueSchema;
    }

    /** The Arrow schema of the record batches this reader reads. */
    public org.apache.arrow.vector.types.pojo.Schema arrowSchema() {
        return arrowSchema;
    }

    /** Whether rows carry the {@code _amp_batch_id} column, so {@link #bind(VectorSchemaRoot, String)} needs a batch id. */
    public boolean hasBatchIdColumn() {
        return batchIdField != null;
    }

    /** Binds to a record batch whose value schema has no batch-id column. */
    public Rows bind(VectorSchemaRoot batch) {
        return bind(batch, null);
    }

    /**
     * Binds the readers to one record batch. Bind again after the root is reloaded with another batch
     * (e.g. each {@code FlightStream.next()}).
     *
     * @param batch   the record batch; its columns must have the names and types of {@link #arrowSchema()}
     * @param batchId the value of {@code _amp_batch_id} in every row; required exactly when {@link #hasBatchIdColumn()}
     */
    public Rows bind(VectorSchemaRoot batch, String batchId) {
        Objects.requireNonNull(batch, "batch");
        if (hasBatchIdColumn() && batchId == null) {
            throw new IllegalArgumentException("the value schema has '" + AmpHeaders.BATCH_ID_COLUMN
                    + "', so a batch id is required");
        }
        if (!hasBatchIdColumn() && batchId != null) {
            throw new IllegalArgumentException("the value schema has no '" + AmpHeaders.BATCH_ID_COLUMN
                    + "' column to hold batch id " + batchId);
        }
        requireSameShape(batch.getSchema());
        return new Rows(batch, plan.bind(batch.getFieldVectors()), batchId);
    }

    private void requireSameShape(org.apache.arrow.vector.types.pojo.Schema actual) {
        List<Field> expected = arrowSchema.getFields();
        List<Field> got = actual.getFields();
        boolean same = expected.size() == got.size();
        for (int i = 0; same && i < expected.size(); i++) {
            same = sameShape(expected.get(i), got.get(i));
        }
        if (!same) {
            throw new ArrowConversionException("record batch schema " + actual
                    + " differs from the schema this reader was built for " + arrowSchema);
        }
    }

    /**
     * Names and types, recursively. Declared nullability and metadata may differ between batches, and so
     * may the names producers give list elements and map entries ({@code item}, {@code element},
     * {@code $data$}, {@code entries}/{@code key_value}), which carry no meaning.
     */
    private static boolean sameShape(Field a, Field b) {
        return a.getName().equals(b.getName()) && sameType(a, b);
    }

    private static boolean sameType(Field a, Field b) {
        if (!a.getType().equals(b.getType()) || a.getChildren().size() != b.getChildren().size()) {
            return false;
        }
        boolean namedChildren = a.getType().getTypeID() == org.apache.arrow.vector.types.pojo.ArrowType.ArrowTypeID.Struct;
        for (int i = 0; i < a.getChildren().size(); i++) {
            Field childA = a.getChildren().get(i);
            Field childB = b.getChildren().get(i);
            if (namedChildren ? !sameShape(childA, childB) : !sameType(childA, childB)) {
                return false;
            }
        }
        return true;
    }

    /** The rows of one bound record batch. Not thread-safe; valid while the batch's vectors hold that batch. */
    public final class Rows {
        private final VectorSchemaRoot batch;
        private final StructAssembler columns;
        private final String batchId;

        private Rows(VectorSchemaRoot batch, StructAssembler columns, String batchId) {
            this.batch = batch;
            this.columns = columns;
            this.batchId = batchId;
        }

        /** The number of rows in the batch. */
        public int rowCount() {
            return batch.getRowCount();
        }

        /**
         * Row {@code index} as a Struct of {@link #valueSchema()}.
         *
         * @throws ArrowConversionException naming the column and row when a value cannot be converted
         */
        public Struct row(int index) {
            Objects.checkIndex(index, batch.getRowCount());
            Struct row;
            try {
                row = columns.assemble(index);
            } catch (ColumnValueException e) {
                throw new ArrowConversionException("column '" + e.column() + "' row " + index + ": " + e.detail());
            }
            if (batchIdField != null) {
                row.put(batchIdField, batchId);
            }
            return row;
        }

        /** Rows {@code fromIndex} (inclusive) to {@code toIndex} (exclusive), in order. */
        public List<Struct> rows(int fromIndex, int toIndex) {
            Objects.checkFromToIndex(fromIndex, toIndex, batch.getRowCount());
            List<Struct> rows = new ArrayList<>(toIndex - fromIndex);
            for (int i = fromIndex; i < toIndex; i++) {
                rows.add(row(i));
            }
            return rows;
        }

        /** Every row of the batch, in order. */
        public List<Struct> rows() {
            return rows(0, rowCount());
        }
    }
}
