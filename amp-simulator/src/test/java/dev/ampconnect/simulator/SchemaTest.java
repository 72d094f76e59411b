package dev.ampconnect.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** The tables carry amp's real Arrow types (docs/AMP_PROTOCOL.md "Typical schemas"), as a client sees them. */
class SchemaTest {

    @Test
    void schemasAdvertisedByGetFlightInfoUseAmpsArrowTypes() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().start(); SimClient client = SimClient.connect(amp)) {
            Map<String, String> blocks = types(client.info("SELECT * FROM anvil.blocks", Map.of()));
            Map<String, String> transactions = types(client.info("SELECT * FROM anvil.transactions", Map.of()));
            Map<String, String> logs = types(client.info("SELECT * FROM anvil.logs", Map.of()));

            assertEquals("Int(64, false) not null", blocks.get("_block_num"));
            assertEquals("Int(64, false) not null", blocks.get("block_num"));
            assertEquals("Timestamp(NANOSECOND, +00:00) not null", blocks.get("timestamp"));
            assertEquals("FixedSizeBinary(32) not null", blocks.get("hash"));
            assertEquals("FixedSizeBinary(20) not null", blocks.get("miner"));
            assertEquals("Int(64, false) not null", blocks.get("nonce"));
            assertEquals("Decimal(38, 0, 128)", blocks.get("base_fee_per_gas"));
            assertEquals("Binary not null", blocks.get("logs_bloom"));
            assertEquals("Int(32, false) not null", transactions.get("tx_index"));
            assertEquals("FixedSizeBinary(20)", transactions.get("to"));
            assertEquals("Decimal(38, 0, 128)", transactions.get("gas_price"));
            assertEquals("Utf8 not null", transactions.get("value"));
            assertEquals("Binary not null", transactions.get("input"));
            assertEquals("List not null<item: Struct not null<address: FixedSizeBinary(20) not null, "
                    + "storage_keys: List not null<item: FixedSizeBinary(32) not null>>>", transactions.get("access_list"));
            assertEquals("Int(32, false) not null", logs.get("log_index"));
            assertEquals("FixedSizeBinary(32)", logs.get("topic3"));
            assertEquals("Decimal(76, 0, 256)", logs.get("amount"));
            assertEquals("Binary not null", logs.get("data"));
        }
    }

    @Test
    void theSimulatorsSchemaAccessorMatchesTheWire() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().start(); SimClient client = SimClient.connect(amp)) {
            for (String table : amp.tables()) {
                Schema wire = client.info("SELECT * FROM anvil." + table, Map.of()).getSchemaOptional().orElseThrow();
                assertEquals(amp.schema(table), wire, table);
            }
            assertTrue(amp.tables().containsAll(java.util.List.of("blocks", "transactions", "logs")));
            assertFalse(amp.schema("transactions").findField("from").isNullable());
        }
    }

    private static Map<String, String> types(FlightInfo info) {
        Map<String, String> types = new LinkedHashMap<>();
        for (Field field : info.getSchemaOptional().orElseThrow().getFields()) {
            types.put(field.getName(), describe(field));
        }
        return types;
    }

    private static String describe(Field field) {
        String text = field.getType() + (field.isNullable() ? "" : " not null");
        if (field.getChildren().isEmpty()) {
            return text;
        }
        return text + "<" + String.join(", ", field.getChildren().stream()
                .map(child -> child.getName() + ": " + describe(child)).toList()) + ">";
    }
}
