package dev.ampconnect.sink.iceberg.write;

import dev.ampconnect.sink.iceberg.schema.TableSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.data.parquet.InternalWriter;
import org.apache.iceberg.parquet.ParquetValueWriter;
import org.apache.iceberg.parquet.ParquetValueWriters;
import org.apache.iceberg.parquet.TripleWriter;
import org.apache.iceberg.types.Types;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * The Parquet value writer of one table file that reads rows straight from a batch's Arrow vectors: flat
 * columns go from the vector into Parquet's column writers without a row object or a boxed value
 * ({@link ArrowColumnValues}); nested columns (list, struct, map) are read as Iceberg's internal objects
 * ({@link InternalValues}) and written by Iceberg's own {@code InternalWriter}. Table columns the batch does
 * not have are written as nulls; {@value TableSchemas#BATCH_SEQUENCE_COLUMN} comes from the {@link RowCursor}.
 */
public final class ArrowParquetRowWriter extends ParquetValueWriters.StructWriter<RowCursor> {

    private ArrowParquetRowWriter(List<ParquetValueWriter<?>> writers) {
        super(writers);
    }

    /** The writer of {@code tableSchema}'s columns (whose Parquet schema is {@code type}) from {@code root}. */
    public static ArrowParquetRowWriter create(Schema tableSchema, MessageType type, VectorSchemaRoot root) {
        List<ParquetValueWriter<?>> writers = new ArrayList<>();
        List<Types.NestedField> columns = tableSchema.columns();
        for (int i = 0; i < columns.size(); i++) {
            Types.NestedField column = columns.get(i);
            org.apache.parquet.schema.Type parquetField = type.getFields().get(i);
            if (parquetField.getId() == null || parquetField.getId().intValue() != column.fieldId()) {
                throw new IllegalStateException("Parquet field " + parquetField.getName() + " is not column "
                        + column.name() + " (id " + column.fieldId() + ")");
            }
            writers.add(columnWriter(column, parquetField, type, root));
        }
        return new ArrowParquetRowWriter(writers);
    }

    @Override
    protected Object get(RowCursor cursor, int index) {
        return cursor;
    }

    private static ParquetValueWriter<RowCursor> columnWriter(Types.NestedField column,
                                                              org.apache.parquet.schema.Type parquetField,
                                                              MessageType type, VectorSchemaRoot root) {
        if (column.name().equals(TableSchemas.BATCH_SEQUENCE_COLUMN)) {
            ColumnDescriptor descriptor = type.getColumnDescription(new String[] {parquetField.getName()});
            return new SequenceWriter(descriptor);
        }
        FieldVector vector = root.getVector(column.name());
        if (vector == null) {
            if (column.isRequired()) {
                throw new RejectedValueException("required column '" + column.name() + "' is not in the records");
            }
            return new NestedWriter(column, parquetField, row -> null);
        }
        if (column.type().isPrimitiveType() && parquetField.isPrimitive()) {
            ColumnDescriptor descriptor = type.getColumnDescription(new String[] {parquetField.getName()});
            ColumnValues values = ArrowColumnValues.of(vector, column.type().asPrimitiveType(), column.name());
            return new FlatWriter(descriptor, vector, values, column.isRequired(), column.name());
        }
        return new NestedWriter(column, parquetField, InternalValues.reader(vector, column.type(), column.name()));
    }

    /** A flat column, written from the vector in its Parquet physical type. */
    private static final class FlatWriter extends ParquetValueWriters.PrimitiveWriter<RowCursor> {
        private final FieldVector vector;
        private final ColumnValues values;
        private final boolean required;
        private final String name;
        private final int nullLevel;
        private final PrimitiveTypeName physical;

        FlatWriter(ColumnDescriptor descriptor, FieldVector vector, ColumnValues values, boolean required, String name) {
            super(descriptor);
            this.vector = vector;
            this.values = values;
            this.required = required;
            this.name = name;
            this.nullLevel = descriptor.getMaxDefinitionLevel() - 1;
            this.physical = descriptor.getPrimitiveType().getPrimitiveTypeName();
        }

        @Override
        public void write(int repetitionLevel, RowCursor cursor) {
            int row = cursor.row;
            if (vector.isNull(row)) {
                if (required) {
                    throw new RejectedValueException("column '" + name + "' row " + row
                            + ": null in a required column", row);
                }
                column.writeNull(repetitionLevel, nullLevel);
                return;
            }
            switch (physical) {
                case INT32 -> column.writeInteger(repetitionLevel, (int) ((ColumnValues.Longs) values).get(row));
                case INT64 -> column.writeLong(repetitionLevel, ((ColumnValues.Longs) values).get(row));
                case FLOAT -> column.writeFloat(repetitionLevel, (float) ((ColumnValues.Doubles) values).get(row));
                case DOUBLE -> column.writeDouble(repetitionLevel, ((ColumnValues.Doubles) values).get(row));
                case BOOLEAN -> column.writeBoolean(repetitionLevel, ((ColumnValues.Booleans) values).get(row));
                default -> column.writeBinary(repetitionLevel, ((ColumnValues.Bytes) values).get(row));
            }
        }
    }

    /** {@value TableSchemas#BATCH_SEQUENCE_COLUMN}: the row's microbatch sequence, null for plain rows. */
    private static final class SequenceWriter extends ParquetValueWriters.PrimitiveWriter<RowCursor> {
        private final int nullLevel;

        SequenceWriter(ColumnDescriptor descriptor) {
            super(descriptor);
            this.nullLevel = descriptor.getMaxDefinitionLevel() - 1;
        }

        @Override
        public void write(int repetitionLevel, RowCursor cursor) {
            if (cursor.hasSequence) {
                column.writeLong(repetitionLevel, cursor.sequence);
            } else {
                column.writeNull(repetitionLevel, nullLevel);
            }
        }
    }

    /**
     * A nested (or absent) column: its value read as Iceberg's internal objects and written by Iceberg's own
     * writer for a one-column message of the same Parquet field, whose column paths and levels are this file's.
     */
    private static final class NestedWriter implements ParquetValueWriter<RowCursor> {
        private final ParquetValueWriter<StructLike> writer;
        private final IntFunction<Object> values;
        private final Types.NestedField column;
        private final Object[] holder = new Object[1];
        private final InternalValues.ArrayStruct single = new InternalValues.ArrayStruct(holder);

        NestedWriter(Types.NestedField column, org.apache.parquet.schema.Type parquetField, IntFunction<Object> values) {
            this.column = column;
            this.values = values;
            this.writer = InternalWriter.create(Types.StructType.of(column),
                    new MessageType("column", parquetField));
        }

        @Override
        public void write(int repetitionLevel, RowCursor cursor) {
            Object value;
            try {
                value = values.apply(cursor.row);
            } catch (RejectedValueException e) {
                // a nested value's index is not the batch row: attribute it to the row being written
                throw e.atRow(cursor.row);
            }
            if (value == null && column.isRequired()) {
                throw new RejectedValueException("column '" + column.name() + "' row " + cursor.row
                        + ": null in a required column", cursor.row);
            }
            holder[0] = value;
            writer.write(repetitionLevel, single);
        }

        @Override
        public List<TripleWriter<?>> columns() {
            return writer.columns();
        }

        @Override
        public void setColumnStore(ColumnWriteStore columnStore) {
            writer.setColumnStore(columnStore);
        }

        @Override
        public java.util.stream.Stream<org.apache.iceberg.FieldMetrics<?>> metrics() {
            return writer.metrics();
        }
    }
}
