package dev.ampconnect.common.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.range.BlockRange;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

class ControlSchemasTest {

    private static final BlockRange RANGE = new BlockRange("base-sepolia", 5, 9, "0x05", "0x04");
    private static final Watermark WATERMARK = new Watermark("logs", RANGE.batchId(), List.of(RANGE), 12);
    private static final Invalidation REORG = Invalidation.reorg("logs", "base-sepolia", 104, 108);

    @Test
    void schemasAreNamedAndVersioned() {
        assertEquals("amp.Invalidation", ControlSchemas.INVALIDATION.name());
        assertEquals("amp.Watermark", ControlSchemas.WATERMARK.name());
        assertEquals(1, ControlSchemas.INVALIDATION.version());
    }

    @Test
    void invalidationRoundTripsThroughStructAndJson() {
        assertEquals(REORG, ControlSchemas.invalidation(ControlSchemas.toStruct(REORG)));
        assertEquals(REORG, ControlSchemas.invalidation(ControlSchemas.toJson(REORG)));
        Invalidation rewind = Invalidation.rewind("logs", "base-sepolia", 200);
        assertEquals(rewind, ControlSchemas.invalidation(ControlSchemas.toJson(rewind)));
        assertEquals(Long.MAX_VALUE, ControlSchemas.toStruct(rewind).getInt64("end_block"));
    }

    @Test
    void watermarkRoundTripsThroughStructAndJson() {
        assertEquals(WATERMARK, ControlSchemas.watermark(ControlSchemas.toStruct(WATERMARK)));
        assertEquals(WATERMARK, ControlSchemas.watermark(ControlSchemas.toJson(WATERMARK)));
    }

    @Test
    void controlValuesSurviveTheJsonConverterWithAndWithoutSchemas() {
        for (boolean schemas : new boolean[] {true, false}) {
            JsonConverter converter = new JsonConverter();
            converter.configure(Map.of("schemas.enable", Boolean.toString(schemas)), false);
            Struct struct = ControlSchemas.toStruct(WATERMARK);
            byte[] bytes = converter.fromConnectData("t", struct.schema(), struct);
            SchemaAndValue read = converter.toConnectData("t", bytes);
            assertEquals(WATERMARK, ControlSchemas.watermark(read.value()), "schemas.enable=" + schemas);

            Struct invalidation = ControlSchemas.toStruct(REORG);
            read = converter.toConnectData("t", converter.fromConnectData("t", invalidation.schema(), invalidation));
            assertEquals(REORG, ControlSchemas.invalidation(read.value()), "schemas.enable=" + schemas);
        }
    }

    @Test
    void jsonEncodingIsTheStructsFieldNames() {
        String json = new String(ControlSchemas.toJson(REORG), StandardCharsets.UTF_8);
        assertEquals("{\"stream\":\"logs\",\"network\":\"base-sepolia\",\"start_block\":104,\"end_block\":108,\"reason\":\"reorg\"}", json);
    }

    @Test
    void malformedControlValuesFailWithContext() {
        ContractException error = assertThrows(ContractException.class,
                () -> ControlSchemas.invalidation("{\"stream\":\"logs\"}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(error.getMessage().contains("network"), error.getMessage());
        assertThrows(ContractException.class, () -> ControlSchemas.watermark(42));
        assertThrows(ContractException.class, () -> ControlSchemas.invalidation("not json"));
    }

    @Test
    void invalidationDeletesWholeBatchesEndingAtOrAfterItsStart() {
        assertTrue(REORG.deletes(new BlockRange("base-sepolia", 103, 104, "0x1", "0x0")));
        assertTrue(REORG.deletes(new BlockRange("base-sepolia", 200, 300, "0x1", "0x0")));
        assertFalse(REORG.deletes(new BlockRange("base-sepolia", 100, 103, "0x1", "0x0")));
        assertFalse(REORG.deletes(new BlockRange("ethereum", 104, 108, "0x1", "0x0")), "other networks are untouched");
    }

    @Test
    void rejectsAnInvertedRange() {
        assertThrows(ContractException.class, () -> Invalidation.reorg("s", "n", 10, 9));
    }
}
