package dev.ampconnect.common.arrow.column;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.arrow.ArrowConversionException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.UnionMode;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.ArrowType.ArrowTypeID;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** The one Arrow type switch: every type of TYPES.md resolves to its kind, every other type fails naming the column. */
class ColumnResolverTest {

    private static final ColumnKind INT64 = new ColumnKind.Int(ColumnKind.IntType.INT64);
    private static final ColumnKind UTF8 = new ColumnKind.Utf8(ColumnKind.VarWidthLayout.REGULAR);

    /** Every scalar Arrow type of TYPES.md with its kind and its {@code amp.arrow.type} label. */
    static Map<ArrowType, Resolved> scalarTypes() {
        Map<ArrowType, Resolved> types = new LinkedHashMap<>();
        types.put(ArrowType.Null.INSTANCE, new Resolved(new ColumnKind.Null(), "null"));
        types.put(ArrowType.Bool.INSTANCE, new Resolved(new ColumnKind.Bool(), "bool"));
        for (ColumnKind.IntType type : ColumnKind.IntType.values()) {
            types.put(new ArrowType.Int(type.bitWidth(), type.signed()),
                    new Resolved(new ColumnKind.Int(type), type.name().toLowerCase(java.util.Locale.ROOT)));
        }
        types.put(new ArrowType.FloatingPoint(FloatingPointPrecision.HALF),
                new Resolved(new ColumnKind.FloatingPoint(FloatingPointPrecision.HALF), "float16"));
        types.put(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE),
                new Resolved(new ColumnKind.FloatingPoint(FloatingPointPrecision.SINGLE), "float32"));
        types.put(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE),
                new Resolved(new ColumnKind.FloatingPoint(FloatingPointPrecision.DOUBLE), "float64"));
        types.put(ArrowType.Utf8.INSTANCE, new Resolved(UTF8, "utf8"));
        types.put(ArrowType.LargeUtf8.INSTANCE,
                new Resolved(new ColumnKind.Utf8(ColumnKind.VarWidthLayout.LARGE), "large_utf8"));
        types.put(ArrowType.Utf8View.INSTANCE,
                new Resolved(new ColumnKind.Utf8(ColumnKind.VarWidthLayout.VIEW), "utf8_view"));
        types.put(ArrowType.Binary.INSTANCE,
                new Resolved(new ColumnKind.Binary(ColumnKind.VarWidthLayout.REGULAR), "binary"));
        types.put(ArrowType.LargeBinary.INSTANCE,
                new Resolved(new ColumnKind.Binary(ColumnKind.VarWidthLayout.LARGE), "large_binary"));
        types.put(ArrowType.BinaryView.INSTANCE,
                new Resolved(new ColumnKind.Binary(ColumnKind.VarWidthLayout.VIEW), "binary_view"));
        types.put(new ArrowType.FixedSizeBinary(20), new Resolved(new ColumnKind.FixedSizeBinary(20), "fixed_size_binary(20)"));
        types.put(new ArrowType.Decimal(38, 0, 128), new Resolved(new ColumnKind.Decimal(38, 0, 128), "decimal128(38,0)"));
        types.put(new ArrowType.Decimal(76, 18, 256), new Resolved(new ColumnKind.Decimal(76, 18, 256), "decimal256(76,18)"));
        types.put(new ArrowType.Timestamp(TimeUnit.NANOSECOND, "+00:00"),
                new Resolved(new ColumnKind.Timestamp(TimeUnit.NANOSECOND, "+00:00"), "timestamp(ns,+00:00)"));
        types.put(new ArrowType.Timestamp(TimeUnit.SECOND, null),
                new Resolved(new ColumnKind.Timestamp(TimeUnit.SECOND, null), "timestamp(s)"));
        types.put(new ArrowType.Date(DateUnit.DAY), new Resolved(new ColumnKind.Date(DateUnit.DAY), "date32"));
        types.put(new ArrowType.Date(DateUnit.MILLISECOND), new Resolved(new ColumnKind.Date(DateUnit.MILLISECOND), "date64"));
        types.put(new ArrowType.Time(TimeUnit.SECOND, 32), new Resolved(new ColumnKind.Time(TimeUnit.SECOND), "time32(s)"));
        types.put(new ArrowType.Time(TimeUnit.MILLISECOND, 32),
                new Resolved(new ColumnKind.Time(TimeUnit.MILLISECOND), "time32(ms)"));
        types.put(new ArrowType.Time(TimeUnit.MICROSECOND, 64),
                new Resolved(new ColumnKind.Time(TimeUnit.MICROSECOND), "time64(us)"));
        types.put(new ArrowType.Time(TimeUnit.NANOSECOND, 64),
                new Resolved(new ColumnKind.Time(TimeUnit.NANOSECOND), "time64(ns)"));
        return types;
    }

    record Resolved(ColumnKind kind, String label) {
    }

    @Test
    void everyScalarTypeOfTypesMdResolvesToItsKindAndLabel() {
        scalarTypes().forEach((type, expected) -> {
            Column column = ColumnResolver.resolve(nullable("c", type));
            assertEquals(expected.kind(), column.kind(), type.toString());
            assertEquals(expected.label(), column.kind().label(), type.toString());
            assertEquals("c", column.name());
            assertEquals("c", column.path());
        });
    }

    @Test
    void nullabilityIsCarriedOver() {
        assertTrue(ColumnResolver.resolve(nullable("n", new ArrowType.Int(64, false))).nullable());
        assertFalse(ColumnResolver.resolve(required("n", new ArrowType.Int(64, false))).nullable());
    }

    @Test
    void listsOfEveryLayoutResolveTheirElement() {
        Column element = new Column("item", "xs[]", true, INT64);
        assertEquals(new ColumnKind.List(ColumnKind.ListLayout.REGULAR, 0, element),
                ColumnResolver.resolve(list("xs", ArrowType.List.INSTANCE)).kind());
        assertEquals(new ColumnKind.List(ColumnKind.ListLayout.LARGE, 0, element),
                ColumnResolver.resolve(list("xs", ArrowType.LargeList.INSTANCE)).kind());
        ColumnKind fixed = ColumnResolver.resolve(list("xs", new ArrowType.FixedSizeList(3))).kind();
        assertEquals(new ColumnKind.List(ColumnKind.ListLayout.FIXED_SIZE, 3, element), fixed);
        assertEquals("fixed_size_list(3)", fixed.label());
        assertEquals("list", ColumnResolver.resolve(list("xs", ArrowType.List.INSTANCE)).kind().label());
        assertEquals("large_list", ColumnResolver.resolve(list("xs", ArrowType.LargeList.INSTANCE)).kind().label());
    }

    @Test
    void structsAndMapsResolveTheirChildrenWithTheirPaths() {
        Field struct = new Field("tx", FieldType.nullable(ArrowType.Struct.INSTANCE),
                List.of(required("hash", new ArrowType.FixedSizeBinary(32)), nullable("to", ArrowType.Utf8.INSTANCE)));
        assertEquals(new ColumnKind.Struct(List.of(
                        new Column("hash", "tx.hash", false, new ColumnKind.FixedSizeBinary(32)),
                        new Column("to", "tx.to", true, UTF8))),
                ColumnResolver.resolve(struct).kind());

        Column map = ColumnResolver.resolve(map("labels", ArrowType.Utf8.INSTANCE, nullable("value", new ArrowType.Int(64, true))));
        assertEquals(new ColumnKind.Map(new Column("key", "labels{key}", false, UTF8),
                new Column("value", "labels{value}", true, INT64), false), map.kind());
        assertEquals("map", map.kind().label());
        assertEquals("struct", ColumnResolver.resolve(struct).kind().label());
    }

    @Test
    void aNestedColumnsPathNamesEveryLevel() {
        // EVM transactions: access_list is a list of structs of an address and a list of storage keys
        Field accessList = new Field("access_list", FieldType.nullable(ArrowType.List.INSTANCE), List.of(
                new Field("item", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(
                        required("address", new ArrowType.FixedSizeBinary(20)),
                        new Field("storage_keys", FieldType.nullable(ArrowType.List.INSTANCE),
                                List.of(required("item", new ArrowType.FixedSizeBinary(32))))))));
        ColumnKind.Struct tx = (ColumnKind.Struct) ColumnResolver.resolve(
                new Field("tx", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(accessList))).kind();
        ColumnKind.List list = (ColumnKind.List) tx.children().get(0).kind();
        ColumnKind.Struct item = (ColumnKind.Struct) list.element().kind();
        assertEquals("tx.access_list[]", list.element().path());
        assertEquals("tx.access_list[].address", item.children().get(0).path());
        assertEquals("tx.access_list[].storage_keys[]", ((ColumnKind.List) item.children().get(1).kind()).element().path());
    }

    @Test
    void aSchemaResolvesInOrderAndByName() {
        ResolvedColumns columns = ResolvedColumns.of(new Schema(List.of(
                required("block_num", new ArrowType.Int(64, false)), nullable("hash", new ArrowType.FixedSizeBinary(32)))));
        assertEquals(2, columns.size());
        assertEquals("block_num", columns.get(0).name());
        assertSame(columns.get(1), columns.column("hash"));
        assertEquals(null, columns.column("missing"));
    }

    /** Every Arrow type TYPES.md refuses, with the text its error must show. */
    static Map<Field, String> unsupportedFields() {
        Map<Field, String> fields = new LinkedHashMap<>();
        fields.put(required("gap", new ArrowType.Interval(IntervalUnit.DAY_TIME)), "Interval(DAY_TIME)");
        fields.put(required("took", new ArrowType.Duration(TimeUnit.MILLISECOND)), "Duration(MILLISECOND)");
        fields.put(new Field("either", FieldType.nullable(new ArrowType.Union(UnionMode.Sparse, new int[] {0})),
                List.of(nullable("i", new ArrowType.Int(32, true)))), "Union");
        fields.put(new Field("views", FieldType.nullable(ArrowType.ListView.INSTANCE),
                List.of(nullable("item", new ArrowType.Int(32, true)))), "ListView");
        fields.put(new Field("large_views", FieldType.nullable(ArrowType.LargeListView.INSTANCE),
                List.of(nullable("item", new ArrowType.Int(32, true)))), "LargeListView");
        fields.put(new Field("runs", FieldType.nullable(ArrowType.RunEndEncoded.INSTANCE),
                List.of(required("run_ends", new ArrowType.Int(32, true)), nullable("values", ArrowType.Utf8.INSTANCE))),
                "RunEndEncoded");
        fields.put(new Field("symbol", new FieldType(true, ArrowType.Utf8.INSTANCE, new DictionaryEncoding(1, false, null)),
                List.of()), "dictionary-encoded utf8");
        fields.put(required("odd", new ArrowType.Int(24, true)), "Int(24, true)");
        return fields;
    }

    @Test
    void everyOtherTypeFailsNamingTheColumnAndTheType() {
        unsupportedFields().forEach((field, type) -> {
            ArrowConversionException e = assertThrows(ArrowConversionException.class, () -> ColumnResolver.resolve(field));
            assertTrue(e.getMessage().contains("column '" + field.getName() + "'"), e.getMessage());
            assertTrue(e.getMessage().contains(type), e.getMessage());
            assertTrue(e.getMessage().contains("TYPES.md"), e.getMessage());
        });
    }

    @Test
    void anUnsupportedNestedTypeFailsNamingItsPath() {
        Field nested = new Field("tx", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(
                new Field("parts", FieldType.nullable(ArrowType.List.INSTANCE),
                        List.of(required("item", new ArrowType.Duration(TimeUnit.SECOND))))));
        ArrowConversionException e = assertThrows(ArrowConversionException.class,
                () -> ResolvedColumns.of(new Schema(List.of(required("ok", ArrowType.Bool.INSTANCE), nested))));
        assertTrue(e.getMessage().contains("column 'tx.parts[]'"), e.getMessage());
    }

    @Test
    void everyArrowTypeIdIsEitherResolvedOrRefusedOnPurpose() {
        // a type id Arrow adds later fails this test until the resolver decides what to do with it
        Set<ArrowTypeID> covered = EnumSet.noneOf(ArrowTypeID.class);
        scalarTypes().keySet().forEach(type -> covered.add(type.getTypeID()));
        covered.addAll(List.of(ArrowTypeID.List, ArrowTypeID.LargeList, ArrowTypeID.FixedSizeList, ArrowTypeID.Struct,
                ArrowTypeID.Map));
        Set<ArrowTypeID> refused = unsupportedFields().keySet().stream().filter(f -> f.getDictionary() == null)
                .map(f -> f.getType().getTypeID()).collect(Collectors.toCollection(() -> EnumSet.noneOf(ArrowTypeID.class)));
        refused.remove(ArrowTypeID.Int);
        Set<ArrowTypeID> all = EnumSet.allOf(ArrowTypeID.class);
        all.remove(ArrowTypeID.NONE); // not a type: the flatbuffer's "no type" marker
        Set<ArrowTypeID> decided = EnumSet.copyOf(covered);
        decided.addAll(refused);
        assertEquals(all, decided, "type ids neither resolved nor refused: " + Arrays.toString(
                all.stream().filter(id -> !decided.contains(id)).toArray()));
        assertTrue(java.util.Collections.disjoint(covered, refused));
    }

    private static Field required(String name, ArrowType type) {
        return new Field(name, new FieldType(false, type, null), List.of());
    }

    private static Field nullable(String name, ArrowType type) {
        return new Field(name, FieldType.nullable(type), List.of());
    }

    private static Field list(String name, ArrowType listType) {
        return new Field(name, FieldType.nullable(listType), List.of(nullable("item", new ArrowType.Int(64, true))));
    }

    private static Field map(String name, ArrowType keyType, Field value) {
        Field entries = new Field("entries", new FieldType(false, ArrowType.Struct.INSTANCE, null),
                List.of(required("key", keyType), value));
        return new Field(name, FieldType.nullable(new ArrowType.Map(false)), List.of(entries));
    }
}
