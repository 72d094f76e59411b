package dev.ampconnect.common.arrow;

import static dev.ampconnect.common.arrow.ConnectValues.assertDeepEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.avro.NameValidator;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves TYPES.md's promise that every schema the mapper produces is a valid Apache Avro schema and that
 * the values survive Avro binary encoding exactly (decimal, fixed, timestamp-millis, arrays, nested records).
 */
class AvroCompatibilityTest {

    private static final ArrowConversionOptions INT64_UINTS = ArrowConversionOptions.DEFAULTS.withUint64Mode(Uint64Mode.INT64);
    private static final ArrowConversionOptions NANOS = ArrowConversionOptions.DEFAULTS.withTimestampMode(TimestampMode.NANOS);

    static Stream<Arguments> everyDatasetUnderEveryOption() {
        return Dataset.all().flatMap(d -> Stream.of(
                Arguments.of(d, ArrowConversionOptions.DEFAULTS),
                Arguments.of(d, INT64_UINTS),
                Arguments.of(d, NANOS),
                Arguments.of(d, new ArrowConversionOptions(Uint64Mode.INT64, TimestampMode.NANOS))));
    }

    /** Values round-trip under the default options and nanos; int64 mode is covered where no UInt64 exceeds 2^63-1. */
    static Stream<Arguments> datasetsWithValues() {
        return Dataset.all().flatMap(d -> {
            List<Arguments> cases = new ArrayList<>(List.of(Arguments.of(d, ArrowConversionOptions.DEFAULTS), Arguments.of(d, NANOS)));
            if (d.stream().equals("transactions") || d.stream().equals("logs")) {
                cases.add(Arguments.of(d, INT64_UINTS));
            }
            return cases.stream();
        });
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyDatasetUnderEveryOption")
    void everyProducedSchemaParsesAsAStrictlyValidAvroSchema(Dataset dataset, ArrowConversionOptions options) {
        Schema value = new ArrowSchemaMapper(options).streamValueSchema(dataset.arrow(), dataset.stream());
        org.apache.avro.Schema avro = new ConnectAvroMapper().toAvroSchema(value);

        org.apache.avro.Schema parsed = new org.apache.avro.Schema.Parser(NameValidator.STRICT_VALIDATOR).parse(avro.toString());

        assertEquals(avro, parsed);
        assertEquals(value.name(), parsed.getFullName());
        assertEquals(value.fields().size(), parsed.getFields().size());
    }

    @Test
    void theStrictParserUsedAboveRejectsANameTheMapperWouldHaveSanitised() {
        Schema unsanitised = org.apache.kafka.connect.data.SchemaBuilder.struct()
                .name("dev.ampconnect.stream.eth-mainnet.Value").field("n", Schema.INT64_SCHEMA).build();
        String json = new ConnectAvroMapper().toAvroSchema(unsanitised).toString();
        assertThrows(org.apache.avro.SchemaParseException.class,
                () -> new org.apache.avro.Schema.Parser(NameValidator.STRICT_VALIDATOR).parse(json));
    }

    @Test
    void evmColumnsKeepTheirMeaningAsAvroLogicalTypes() {
        Schema value = new ArrowSchemaMapper(ArrowConversionOptions.DEFAULTS).streamValueSchema(EvmDatasets.BLOCKS, "blocks");
        org.apache.avro.Schema avro = new org.apache.avro.Schema.Parser(NameValidator.STRICT_VALIDATOR)
                .parse(new ConnectAvroMapper().toAvroSchema(value).toString());

        org.apache.avro.Schema blockNum = avro.getField("block_num").schema();
        assertEquals("decimal", blockNum.getLogicalType().getName());
        assertEquals(20, ((org.apache.avro.LogicalTypes.Decimal) blockNum.getLogicalType()).getPrecision());
        assertEquals("timestamp-millis", avro.getField("timestamp").schema().getLogicalType().getName());
        org.apache.avro.Schema hash = avro.getField("hash").schema();
        assertEquals(org.apache.avro.Schema.Type.FIXED, hash.getType());
        assertEquals(32, hash.getFixedSize());
        assertEquals("dev.ampconnect.Fixed32", hash.getFullName());
        assertEquals(20, avro.getField("miner").schema().getFixedSize());
        org.apache.avro.Schema baseFee = avro.getField("base_fee_per_gas").schema();
        assertEquals(org.apache.avro.Schema.Type.UNION, baseFee.getType());
        assertEquals(org.apache.avro.Schema.Type.NULL, baseFee.getTypes().get(0).getType());
        assertEquals(38, ((org.apache.avro.LogicalTypes.Decimal) baseFee.getTypes().get(1).getLogicalType()).getPrecision());
        assertEquals(org.apache.avro.Schema.Type.STRING, avro.getField("_amp_batch_id").schema().getType());
    }

    @Test
    void theAccessListBecomesAnArrayOfUniquelyNamedRecords() {
        Schema value = new ArrowSchemaMapper(ArrowConversionOptions.DEFAULTS).streamValueSchema(EvmDatasets.TRANSACTIONS, "transactions");
        org.apache.avro.Schema avro = new org.apache.avro.Schema.Parser(NameValidator.STRICT_VALIDATOR)
                .parse(new ConnectAvroMapper().toAvroSchema(value).toString());
        org.apache.avro.Schema item = avro.getField("access_list").schema().getTypes().get(1).getElementType();
        assertEquals(org.apache.avro.Schema.Type.RECORD, item.getType());
        assertEquals("dev.ampconnect.stream.transactions.Value.access_list_item", item.getFullName());
        assertEquals("dev.ampconnect.stream.transactions.Value.authorization_list_item",
                avro.getField("authorization_list").schema().getTypes().get(1).getElementType().getFullName());
        assertEquals(org.apache.avro.Schema.Type.FIXED, item.getField("storage_keys").schema().getElementType().getType());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("datasetsWithValues")
    void everyRowRoundTripsThroughAvroBinaryEncodingUnchanged(Dataset dataset, ArrowConversionOptions options) throws IOException {
        Schema value = new ArrowSchemaMapper(options).streamValueSchema(dataset.arrow(), dataset.stream());
        ConnectAvroMapper avroMapper = new ConnectAvroMapper();
        org.apache.avro.Schema avro = avroMapper.toAvroSchema(value);
        GenericDatumWriter<Object> writer = new GenericDatumWriter<>(avro);
        GenericDatumReader<Object> reader = new GenericDatumReader<>(avro);

        try (RootAllocator allocator = new RootAllocator();
             VectorSchemaRoot root = ArrowBatchBuilder.build(allocator, dataset.arrow(), dataset.rows())) {
            List<Struct> rows = new ArrowRowReader(dataset.arrow(), value).bind(root, "a0eaf3228256a036").rows();
            assertFalse(rows.isEmpty());
            for (Struct row : rows) {
                row.validate();
                Object datum = avroMapper.toAvro(value, avro, row);
                assertTrue(GenericData.get().validate(avro, datum), "datum does not match its Avro schema");

                byte[] encoded = encode(writer, datum);
                Object decoded = reader.read(null, DecoderFactory.get().binaryDecoder(encoded, null));

                assertArrayEquals(encoded, encode(writer, decoded), "Avro datum changed in binary encoding");
                assertDeepEquals(row, avroMapper.toConnect(value, avro, decoded));
            }
        }
    }

    private static byte[] encode(GenericDatumWriter<Object> writer, Object datum) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        writer.write(datum, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
