package dev.ampconnect.simulator.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.simulator.chain.BlockHash;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResumeCursorTest {

    private static final String HASH = "0x0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a";

    @Test
    void aCursorPerNetworkIsRead() {
        Map<String, BlockCursor> cursors = ResumeCursor.parse("{\"anvil\":{\"number\":42,\"hash\":\"" + HASH
                + "\",\"extra\":1},\"base-sepolia\":{\"hash\":\"" + HASH.substring(2) + "\",\"number\":7}}").orElseThrow();

        assertEquals(new BlockCursor(42, BlockHash.parse(HASH)), cursors.get("anvil"));
        assertEquals(7, cursors.get("base-sepolia").number());
    }

    @Test
    void anEmptyObjectIsWellFormedAndNamesNoNetwork() {
        assertTrue(ResumeCursor.parse("{}").orElseThrow().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "42", "[]", "{\"anvil\":null}", "{\"anvil\":{\"number\":1.5,\"hash\":\"" + HASH + "\"}}",
        "{\"anvil\":{\"number\":1,\"hash\":42}}", "{\"anvil\":{\"number\":1,\"hash\":\"0xzz\"}}", "{\"anvil\":{\"number\":1}}"})
    void malformedHeadersCountAsAbsent(String header) {
        assertTrue(ResumeCursor.parse(header).isEmpty(), header);
    }

    @Test
    void metadataKeysAreAlphabeticalLikeAmpd() {
        MicrobatchRange range = new MicrobatchRange("anvil", 1, 2, BlockHash.parse(HASH), BlockHash.ZERO, 99);

        assertEquals("{\"ranges\":[{\"hash\":\"" + HASH + "\",\"network\":\"anvil\",\"numbers\":{\"end\":2,\"start\":1},"
                + "\"prev_hash\":\"" + BlockHash.ZERO.hex() + "\",\"timestamp\":99}],\"ranges_complete\":true}",
                new String(RangeMetadata.json(java.util.List.of(range), true), java.nio.charset.StandardCharsets.UTF_8));
    }
}
