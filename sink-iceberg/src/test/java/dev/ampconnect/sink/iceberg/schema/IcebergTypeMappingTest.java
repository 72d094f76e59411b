package dev.ampconnect.sink.iceberg.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.arrow.Uint64Mode;
import java.util.List;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class IcebergTypeMappingTest {

    private static final IcebergTypeMapping.Options V2 = new IcebergTypeMapping.Options(Uint64Mode.DECIMAL, 2);
    private static final IcebergTypeMapping.Options V3 = new IcebergTypeMapping.Options(Uint64Mode.DECIMAL, 3);

    @Test
    void uint64FollowsTheMode() {
        Field u64 = field("v", new ArrowType.Int(64, false));
        assertEquals(Types.DecimalType.of(20, 0), IcebergTypeMapping.typeOf(u64, V2));
        assertEquals(Types.LongType.get(), IcebergTypeMapping.typeOf(u64, new IcebergTypeMapping.Options(Uint64Mode.INT64, 2)));
    }

    @Test
    void decimalsBeyondIcebergsPrecisionBecomeExactText() {
        assertEquals(Types.DecimalType.of(38, 0), IcebergTypeMapping.typeOf(field("d", new ArrowType.Decimal(38, 0, 256)), V2));
        assertEquals(Types.StringType.get(), IcebergTypeMapping.typeOf(field("d", new ArrowType.Decimal(39, 0, 256)), V2));
    }

    @Test
    void nanosecondTimestampsAreTimestampNsOnlyFromFormatVersion3() {
        Field ns = field("t", new ArrowType.Timestamp(TimeUnit.NANOSECOND, "UTC"));
        assertEquals(Types.TimestampType.withZone(), IcebergTypeMapping.typeOf(ns, V2));
        assertEquals(Types.TimestampNanoType.withZone(), IcebergTypeMapping.typeOf(ns, V3));
        Field local = field("t", new ArrowType.Timestamp(TimeUnit.MILLISECOND, null));
        assertEquals(Types.TimestampType.withoutZone(), IcebergTypeMapping.typeOf(local, V3));
    }

    @Test
    void fixedSizeBinaryIsFixed() {
        assertEquals(Types.FixedType.ofLength(20), IcebergTypeMapping.typeOf(field("a", new ArrowType.FixedSizeBinary(20)), V2));
    }

    @Test
    void nullabilityBecomesOptionality() {
        List<Types.NestedField> fields = IcebergTypeMapping.fields(List.of(
                new Field("req", FieldType.notNullable(new ArrowType.Int(64, true)), null),
                new Field("opt", FieldType.nullable(new ArrowType.Int(64, true)), null)), V2);
        assertTrue(fields.get(0).isRequired());
        assertTrue(fields.get(1).isOptional());
    }

    @Test
    void anUnmappedTypeNamesTheColumn() {
        UnsupportedColumnException e = assertThrows(UnsupportedColumnException.class,
                () -> IcebergTypeMapping.typeOf(field("gap", new ArrowType.Interval(IntervalUnit.DAY_TIME)), V2));
        assertTrue(e.getMessage().contains("'gap'"), e.getMessage());
    }

    @Test
    void ampRowsGetTheBatchSequenceColumnAndAClashIsRefused() {
        org.apache.arrow.vector.types.pojo.Schema arrow = new org.apache.arrow.vector.types.pojo.Schema(List.of(
                field("block_num", new ArrowType.Int(64, true))));
        Schema schema = TableSchemas.of(arrow, true, V2);
        assertEquals(Types.LongType.get(), schema.findField(TableSchemas.BATCH_SEQUENCE_COLUMN).type());
        assertEquals(null, TableSchemas.of(arrow, false, V2).findField(TableSchemas.BATCH_SEQUENCE_COLUMN));
        org.apache.arrow.vector.types.pojo.Schema clash = new org.apache.arrow.vector.types.pojo.Schema(List.of(
                field(TableSchemas.BATCH_SEQUENCE_COLUMN, new ArrowType.Int(64, true))));
        assertThrows(UnsupportedColumnException.class, () -> TableSchemas.of(clash, true, V2));
    }

    private static Field field(String name, ArrowType type) {
        return new Field(name, FieldType.nullable(type), null);
    }
}
