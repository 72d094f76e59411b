package dev.ampconnect.common.arrow;

import static dev.ampconnect.common.arrow.ConnectValues.assertDeepEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code rows} record format through Kafka's JsonConverter with {@code schemas.enable=true}: schema
 * and value come back equal, decimals (UInt64, Decimal128/256) included, under either decimal format.
 */
class JsonConverterRoundTripTest {

    static Stream<Arguments> everyDatasetUnderEveryDecimalFormat() {
        return Dataset.all().flatMap(d -> Stream.of(Arguments.of(d, "BASE64"), Arguments.of(d, "NUMERIC")));
    }

    private static JsonConverter converter(String decimalFormat) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true", "decimal.format", decimalFormat), false);
        return converter;
    }

    @ParameterizedTest(name = "{0} decimal.format={1}")
    @MethodSource("everyDatasetUnderEveryDecimalFormat")
    void everyRowSurvivesJsonConverterWithSchemas(Dataset dataset, String decimalFormat) {
        Schema value = new ArrowSchemaMapper(ArrowConversionOptions.DEFAULTS).streamValueSchema(dataset.arrow(), dataset.stream());
        JsonConverter converter = converter(decimalFormat);
        try (RootAllocator allocator = new RootAllocator();
             VectorSchemaRoot root = ArrowBatchBuilder.build(allocator, dataset.arrow(), dataset.rows())) {
            for (Struct row : new ArrowRowReader(dataset.arrow(), value).bind(root, "61f2191b81d6b40d").rows()) {
                byte[] json = converter.fromConnectData("topic", value, row);
                SchemaAndValue back = converter.toConnectData("topic", json);

                assertEquals(value, back.schema(), "schema changed through JSON");
                assertDeepEquals(row, back.value());
            }
        }
    }

    @Test
    void uint64MaximumIsWrittenAsAnExactJsonNumberWithNumericDecimals() {
        Schema value = new ArrowSchemaMapper(ArrowConversionOptions.DEFAULTS).streamValueSchema(EvmDatasets.BLOCKS, "blocks");
        try (RootAllocator allocator = new RootAllocator();
             VectorSchemaRoot root = ArrowBatchBuilder.build(allocator, EvmDatasets.BLOCKS, EvmDatasets.blocks(20, 1))) {
            Struct row = new ArrowRowReader(EvmDatasets.BLOCKS, value).bind(root, "61f2191b81d6b40d").row(0);
            assertEquals(new BigDecimal("18446744073709551615"), row.get("nonce"));

            String json = new String(converter("NUMERIC").fromConnectData("topic", value, row), StandardCharsets.UTF_8);

            assertTrue(json.contains("\"nonce\":18446744073709551615"), json);
            assertTrue(json.contains("\"connect.decimal.precision\":\"20\""), json);
            assertTrue(json.contains("\"amp.arrow.type\":\"fixed_size_binary(32)\""), json);
        }
    }

    @Test
    void theListOfStructsComesBackAsStructsOfTheirNamedSchema() {
        Schema value = new ArrowSchemaMapper(ArrowConversionOptions.DEFAULTS).streamValueSchema(EvmDatasets.TRANSACTIONS, "transactions");
        JsonConverter converter = converter("BASE64");
        try (RootAllocator allocator = new RootAllocator();
             VectorSchemaRoot root = ArrowBatchBuilder.build(allocator, EvmDatasets.TRANSACTIONS, EvmDatasets.transactions(1, 2, 4))) {
            Struct row = new ArrowRowReader(EvmDatasets.TRANSACTIONS, value).bind(root, "b").row(1);
            Struct back = (Struct) converter.toConnectData("t", converter.fromConnectData("t", value, row)).value();
            List<?> accessList = back.getArray("access_list");
            assertEquals(1, accessList.size());
            Struct entry = (Struct) accessList.get(0);
            assertEquals("dev.ampconnect.stream.transactions.Value.access_list_item", entry.schema().name());
            assertEquals(20, entry.getBytes("address").length);
            assertEquals(32, ((byte[]) entry.getArray("storage_keys").get(0)).length);
        }
    }
}
