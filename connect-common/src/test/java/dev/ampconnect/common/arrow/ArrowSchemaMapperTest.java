package dev.ampconnect.common.arrow;

import static dev.ampconnect.common.arrow.ArrowFields.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.contract.AmpHeaders;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.UnionMode;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

class ArrowSchemaMapperTest {

    private static final String PARENT = "dev.ampconnect.stream.test.Value";

    private final ArrowSchemaMapper mapper = new ArrowSchemaMapper(ArrowConversionOptions.DEFAULTS);

    private Schema column(ArrowType type) {
        return mapper.columnSchema(required("c", type), PARENT);
    }

    private static void assertSchema(Schema schema, Schema.Type type, String name, String arrowType) {
        assertEquals(type, schema.type(), "type");
        assertEquals(name, schema.name(), "name");
        assertEquals(arrowType, schema.parameters().get(SchemaConventions.ARROW_TYPE), "amp.arrow.type");
    }

    @Test
    void boolAndSignedIntegersMapToTheirConnectTypes() {
        assertSchema(column(BOOL), Schema.Type.BOOLEAN, null, "bool");
        assertSchema(column(INT8), Schema.Type.INT8, null, "int8");
        assertSchema(column(INT16), Schema.Type.INT16, null, "int16");
        assertSchema(column(INT32), Schema.Type.INT32, null, "int32");
        assertSchema(column(INT64), Schema.Type.INT64, null, "int64");
    }

    @Test
    void unsignedIntegersWidenToTheNextSignedType() {
        assertSchema(column(UINT8), Schema.Type.INT16, null, "uint8");
        assertSchema(column(UINT16), Schema.Type.INT32, null, "uint16");
        assertSchema(column(UINT32), Schema.Type.INT64, null, "uint32");
    }

    @Test
    void uint64IsADecimalOfScaleZeroAndPrecision20ByDefault() {
        Schema schema = column(UINT64);
        assertSchema(schema, Schema.Type.BYTES, Decimal.LOGICAL_NAME, "uint64");
        assertEquals("0", schema.parameters().get(Decimal.SCALE_FIELD));
        assertEquals("20", schema.parameters().get(SchemaConventions.DECIMAL_PRECISION));
    }

    @Test
    void uint64IsAPlainInt64InInt64Mode() {
        ArrowSchemaMapper int64 = new ArrowSchemaMapper(ArrowConversionOptions.DEFAULTS.withUint64Mode(Uint64Mode.INT64));
        assertSchema(int64.columnSchema(required("c", UINT64), PARENT), Schema.Type.INT64, null, "uint64");
    }

    @Test
    void floatsMapToFloat32AndFloat64() {
        assertSchema(column(FLOAT16), Schema.Type.FLOAT32, null, "float16");
        assertSchema(column(FLOAT32), Schema.Type.FLOAT32, null, "float32");
        assertSchema(column(FLOAT64), Schema.Type.FLOAT64, null, "float64");
    }

    @Test
    void stringsAndBinariesOfEveryLayoutMapToStringAndBytes() {
        assertSchema(column(UTF8), Schema.Type.STRING, null, "utf8");
        assertSchema(column(LARGE_UTF8), Schema.Type.STRING, null, "large_utf8");
        assertSchema(column(UTF8_VIEW), Schema.Type.STRING, null, "utf8_view");
        assertSchema(column(BINARY), Schema.Type.BYTES, null, "binary");
        assertSchema(column(LARGE_BINARY), Schema.Type.BYTES, null, "large_binary");
        assertSchema(column(BINARY_VIEW), Schema.Type.BYTES, null, "binary_view");
    }

    @Test
    void fixedSizeBinaryIsBytesNamedAfterItsSize() {
        Schema address = column(FIXED20);
        assertSchema(address, Schema.Type.BYTES, "dev.ampconnect.Fixed20", "fixed_size_binary(20)");
        assertEquals("20", address.parameters().get(SchemaConventions.FIXED_SIZE));
        assertEquals(20, SchemaConventions.fixedSize(address));
        Schema hash = column(FIXED32);
        assertSchema(hash, Schema.Type.BYTES, "dev.ampconnect.Fixed32", "fixed_size_binary(32)");
        assertEquals(32, SchemaConventions.fixedSize(hash));
        assertEquals(-1, SchemaConventions.fixedSize(column(BINARY)));
    }

    @Test
    void decimalsKeepTheirPrecisionAndScale() {
        Schema gasPrice = column(DECIMAL128_38_0);
        assertSchema(gasPrice, Schema.Type.BYTES, Decimal.LOGICAL_NAME, "decimal128(38,0)");
        assertEquals("0", gasPrice.parameters().get(Decimal.SCALE_FIELD));
        assertEquals(38, SchemaConventions.decimalPrecision(gasPrice));

        Schema price = column(decimal(10, 4, 128));
        assertEquals("4", price.parameters().get(Decimal.SCALE_FIELD));
        assertEquals(10, SchemaConventions.decimalPrecision(price));

        Schema uint256ish = column(DECIMAL256_76_0);
        assertSchema(uint256ish, Schema.Type.BYTES, Decimal.LOGICAL_NAME, "decimal256(76,0)");
        assertEquals(76, SchemaConventions.decimalPrecision(uint256ish));
    }

    @Test
    void decimalWithANegativeScaleIsRejectedNamingTheColumn() {
        ArrowConversionException e = assertThrows(ArrowConversionException.class,
                () -> mapper.structSchema(schema(required("rounded", decimal(10, -2, 128))), PARENT));
        assertTrue(e.getMessage().contains("'rounded'"), e.getMessage());
        assertTrue(e.getMessage().contains("decimal128(10,-2)"), e.getMessage());
    }

    @Test
    void timestampsOfEveryUnitAndZoneAreConnectTimestamps() {
        assertSchema(column(TIMESTAMP_NS_UTC), Schema.Type.INT64, Timestamp.LOGICAL_NAME, "timestamp(ns,+00:00)");
        assertSchema(column(timestamp(TimeUnit.MICROSECOND, "Europe/Berlin")), Schema.Type.INT64,
                Timestamp.LOGICAL_NAME, "timestamp(us,Europe/Berlin)");
        assertSchema(column(timestamp(TimeUnit.MILLISECOND, null)), Schema.Type.INT64, Timestamp.LOGICAL_NAME, "timestamp(ms)");
        assertSchema(column(timestamp(TimeUnit.SECOND, "UTC")), Schema.Type.INT64, Timestamp.LOGICAL_NAME, "timestamp(s,UTC)");
    }

    @Test
    void timestampsAreNamedInt64NanosInNanosMode() {
        ArrowSchemaMapper nanos = new ArrowSchemaMapper(ArrowConversionOptions.DEFAULTS.withTimestampMode(TimestampMode.NANOS));
        Schema schema = nanos.columnSchema(required("timestamp", TIMESTAMP_NS_UTC), PARENT);
        assertSchema(schema, Schema.Type.INT64, SchemaConventions.TIMESTAMP_NANOS_NAME, "timestamp(ns,+00:00)");
        assertTrue(SchemaConventions.isTimestampNanos(schema));
    }

    @Test
    void datesAndTimesAreConnectDatesAndTimes() {
        assertSchema(column(DATE32), Schema.Type.INT32, Date.LOGICAL_NAME, "date32");
        assertSchema(column(DATE64), Schema.Type.INT32, Date.LOGICAL_NAME, "date64");
        assertSchema(column(time(TimeUnit.SECOND)), Schema.Type.INT32, Time.LOGICAL_NAME, "time32(s)");
        assertSchema(column(time(TimeUnit.MILLISECOND)), Schema.Type.INT32, Time.LOGICAL_NAME, "time32(ms)");
        assertSchema(column(time(TimeUnit.MICROSECOND)), Schema.Type.INT32, Time.LOGICAL_NAME, "time64(us)");
        assertSchema(column(time(TimeUnit.NANOSECOND)), Schema.Type.INT32, Time.LOGICAL_NAME, "time64(ns)");
    }

    @Test
    void listsOfEveryLayoutAreArraysOfTheirElement() {
        Field item = nullable("item", INT64);
        Schema list = mapper.columnSchema(new Field("l", FieldType.notNullable(LIST), List.of(item)), PARENT);
        assertSchema(list, Schema.Type.ARRAY, null, "list");
        assertEquals(Schema.Type.INT64, list.valueSchema().type());
        assertTrue(list.valueSchema().isOptional());

        Schema large = mapper.columnSchema(new Field("l", FieldType.notNullable(LARGE_LIST), List.of(item)), PARENT);
        assertSchema(large, Schema.Type.ARRAY, null, "large_list");

        Schema fixed = mapper.columnSchema(new Field("l", FieldType.notNullable(fixedSizeList(3)),
                List.of(required("item", FIXED32))), PARENT);
        assertSchema(fixed, Schema.Type.ARRAY, null, "fixed_size_list(3)");
        assertEquals("dev.ampconnect.Fixed32", fixed.valueSchema().name());
        assertFalse(fixed.valueSchema().isOptional());
    }

    @Test
    void aListOfStructsIsNamedAfterItsColumnWithItemSuffix() {
        Field accessList = listOf("access_list", true, required("item", STRUCT,
                required("address", FIXED20),
                listOf("storage_keys", false, required("item", FIXED32))));
        Schema value = mapper.streamValueSchema(schema(accessList), "transactions");

        Schema list = value.field("access_list").schema();
        assertTrue(list.isOptional());
        Schema element = list.valueSchema();
        assertEquals("dev.ampconnect.stream.transactions.Value.access_list_item", element.name());
        assertEquals(Schema.Type.STRUCT, element.type());
        assertEquals(List.of("address", "storage_keys"), element.fields().stream().map(f -> f.name()).toList());
        assertEquals("dev.ampconnect.Fixed20", element.field("address").schema().name());
        assertEquals("dev.ampconnect.Fixed32", element.field("storage_keys").schema().valueSchema().name());
    }

    @Test
    void nestedStructsAreNamedByTheirPath() {
        Field decoded = required("dec", STRUCT,
                required("from", FIXED20),
                nullable("inner", STRUCT, required("amount", DECIMAL256_76_0)));
        Schema value = mapper.structSchema(schema(decoded), "dev.ampconnect.stream.transfers.Value");
        Schema dec = value.field("dec").schema();
        assertEquals("dev.ampconnect.stream.transfers.Value.dec", dec.name());
        assertEquals("struct", dec.parameters().get(SchemaConventions.ARROW_TYPE));
        Schema inner = dec.field("inner").schema();
        assertEquals("dev.ampconnect.stream.transfers.Value.dec.inner", inner.name());
        assertTrue(inner.isOptional());
    }

    @Test
    void mapsAreConnectMapsOfTheirKeyAndValue() {
        Schema map = mapper.columnSchema(mapOf("labels", true, UTF8, nullable("value", UINT64)), PARENT);
        assertSchema(map, Schema.Type.MAP, null, "map");
        assertTrue(map.isOptional());
        assertEquals(Schema.Type.STRING, map.keySchema().type());
        assertFalse(map.keySchema().isOptional());
        assertEquals(Decimal.LOGICAL_NAME, map.valueSchema().name());
        assertTrue(map.valueSchema().isOptional());
    }

    @Test
    void theNullTypeIsAnOptionalString() {
        Schema schema = column(NULL);
        assertSchema(schema, Schema.Type.STRING, null, "null");
        assertTrue(schema.isOptional());
    }

    @Test
    void nullabilityIsCarriedOverToEveryColumn() {
        Schema value = mapper.structSchema(schema(required("a", UINT64), nullable("b", UINT64),
                required("c", FIXED32), nullable("d", FIXED32), required("e", TIMESTAMP_NS_UTC), nullable("f", UTF8)), PARENT);
        assertEquals(List.of(false, true, false, true, false, true),
                value.fields().stream().map(f -> f.schema().isOptional()).toList());
        assertFalse(value.isOptional());
    }

    @Test
    void theStreamValueSchemaIsNamedAfterTheStreamAndEndsWithTheRequiredBatchId() {
        Schema value = mapper.streamValueSchema(schema(required("block_num", UINT64), required("hash", FIXED32)), "blocks");
        assertEquals("dev.ampconnect.stream.blocks.Value", value.name());
        assertEquals(List.of("block_num", "hash", AmpHeaders.BATCH_ID_COLUMN),
                value.fields().stream().map(f -> f.name()).toList());
        Schema batchId = value.field(AmpHeaders.BATCH_ID_COLUMN).schema();
        assertEquals(Schema.Type.STRING, batchId.type());
        assertFalse(batchId.isOptional());
        assertEquals(2, value.field(AmpHeaders.BATCH_ID_COLUMN).index());
    }

    @Test
    void streamNamesAreSanitisedIntoAvroNames() {
        assertEquals("dev.ampconnect.stream.eth_mainnet_blocks.Value", ArrowSchemaMapper.valueSchemaName("eth-mainnet.blocks"));
        assertEquals("dev.ampconnect.stream._1inch_swaps.Value", ArrowSchemaMapper.valueSchemaName("1inch swaps"));
        assertEquals("dev.ampconnect.stream.Blocks_v2.Value", ArrowSchemaMapper.valueSchemaName("Blocks_v2"));
        assertThrows(IllegalArgumentException.class, () -> ArrowSchemaMapper.valueSchemaName(""));
    }

    @Test
    void aQueryColumnNamedLikeTheBatchIdColumnFailsLoudly() {
        ArrowConversionException e = assertThrows(ArrowConversionException.class,
                () -> mapper.streamValueSchema(schema(required(AmpHeaders.BATCH_ID_COLUMN, UTF8)), "s"));
        assertTrue(e.getMessage().contains(AmpHeaders.BATCH_ID_COLUMN), e.getMessage());
    }

    @Test
    void unsupportedTypesFailNamingTheColumnAndTheType() {
        Map<Field, String> unsupported = Map.of(
                required("gap", new ArrowType.Interval(IntervalUnit.DAY_TIME)), "Interval(DAY_TIME)",
                required("took", new ArrowType.Duration(TimeUnit.MILLISECOND)), "Duration(MILLISECOND)",
                new Field("either", FieldType.nullable(new ArrowType.Union(UnionMode.Sparse, new int[] {0})),
                        List.of(nullable("i", INT32))), "Union",
                new Field("symbol", new FieldType(true, UTF8, new DictionaryEncoding(1, false, null)), List.of()),
                "dictionary-encoded utf8");
        unsupported.forEach((field, type) -> {
            ArrowConversionException e = assertThrows(ArrowConversionException.class,
                    () -> mapper.structSchema(schema(required("ok", INT32), field), PARENT));
            assertTrue(e.getMessage().contains("'" + field.getName() + "'"), e.getMessage());
            assertTrue(e.getMessage().contains(type), e.getMessage());
        });
    }

    @Test
    void anUnsupportedNestedTypeNamesItsPath() {
        Field nested = required("tx", STRUCT, listOf("parts", false, required("item", new ArrowType.Duration(TimeUnit.SECOND))));
        ArrowConversionException e = assertThrows(ArrowConversionException.class,
                () -> mapper.structSchema(schema(nested), PARENT));
        assertTrue(e.getMessage().contains("'tx.parts[]'"), e.getMessage());
    }

    @Test
    void aColumnNameThatIsNotAValidAvroNameFailsAndSuggestsAnAlias() {
        ArrowConversionException e = assertThrows(ArrowConversionException.class,
                () -> mapper.structSchema(schema(required("count(*)", INT64)), PARENT));
        assertTrue(e.getMessage().contains("'count(*)'"), e.getMessage());
        assertTrue(e.getMessage().contains("AS count___"), e.getMessage());
    }

    @Test
    void aDuplicateColumnNameFails() {
        ArrowConversionException e = assertThrows(ArrowConversionException.class,
                () -> mapper.structSchema(schema(required("hash", FIXED32), required("hash", FIXED32)), PARENT));
        assertTrue(e.getMessage().contains("'hash' appears twice"), e.getMessage());
    }

    @Test
    void twoNestedTypesThatWouldShareANameFail() {
        Field list = listOf("a", false, required("item", STRUCT, required("x", INT32)));
        Field struct = required("a_item", STRUCT, required("y", INT32));
        ArrowConversionException e = assertThrows(ArrowConversionException.class,
                () -> mapper.structSchema(schema(list, struct), PARENT));
        assertTrue(e.getMessage().contains(PARENT + ".a_item"), e.getMessage());
    }

    @Test
    void theValueStructItselfCarriesNoArrowTypeButItsColumnsDo() {
        Schema value = mapper.streamValueSchema(schema(required("n", UINT32)), "s");
        assertNull(value.parameters());
        assertEquals("uint32", value.field("n").schema().parameters().get(SchemaConventions.ARROW_TYPE));
        assertNull(value.field(AmpHeaders.BATCH_ID_COLUMN).schema().parameters());
    }

    @Test
    void configValuesParseIntoModes() {
        assertEquals(Uint64Mode.INT64, Uint64Mode.fromConfig("INT64"));
        assertEquals(Uint64Mode.DECIMAL, Uint64Mode.fromConfig("decimal"));
        assertEquals(TimestampMode.NANOS, TimestampMode.fromConfig(" nanos "));
        assertEquals(List.of("connect", "nanos"), TimestampMode.configValues());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Uint64Mode.fromConfig("wrap"));
        assertTrue(e.getMessage().contains("[decimal, int64]"), e.getMessage());
    }
}
