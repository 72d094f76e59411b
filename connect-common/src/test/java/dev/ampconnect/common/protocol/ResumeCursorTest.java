package dev.ampconnect.common.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.protocol.AmpProtocolException.Violation;
import dev.ampconnect.common.protocol.ResumeCursor.Position;
import dev.ampconnect.common.range.BlockRange;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ResumeCursorTest {

    private static final String HASH = "0x" + "0123456789abcdef".repeat(4);
    private static final String OTHER = "0x" + "fedcba9876543210".repeat(4);

    @Test
    void headerValueIsExactlyTheCompactJsonTheServerParses() {
        ResumeCursor cursor = ResumeCursor.of("ethereum-mainnet", 199, HASH);

        String expected = "{\"ethereum-mainnet\":{\"number\":199,\"hash\":\"0x0123456789abcdef0123456789abcdef"
                + "0123456789abcdef0123456789abcdef\"}}";
        assertEquals(expected, cursor.toHeaderValue());
        assertArrayEquals(expected.getBytes(StandardCharsets.US_ASCII),
                cursor.toHeaderValue().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void cursorOfACompletedMicrobatchIsEachRangesEndAndHash() {
        ResumeCursor cursor = ResumeCursor.fromRanges(List.of(
                new BlockRange("ethereum-mainnet", 100, 199, HASH, OTHER, 1700000000L),
                new BlockRange("base-sepolia", 7, 9, OTHER, HASH)));

        assertEquals("{\"base-sepolia\":{\"number\":9,\"hash\":\"" + OTHER + "\"},"
                + "\"ethereum-mainnet\":{\"number\":199,\"hash\":\"" + HASH + "\"}}", cursor.toHeaderValue());
        assertEquals(new Position(199, HASH), cursor.position("ethereum-mainnet").orElseThrow());
    }

    @Test
    void networksAreWrittenInLexicalOrderWhateverTheInputOrder() {
        ResumeCursor ab = ResumeCursor.fromRanges(List.of(
                new BlockRange("a", 1, 1, HASH, OTHER), new BlockRange("b", 2, 2, HASH, OTHER)));
        ResumeCursor ba = ResumeCursor.fromRanges(List.of(
                new BlockRange("b", 2, 2, HASH, OTHER), new BlockRange("a", 1, 1, HASH, OTHER)));

        assertEquals(ab.toHeaderValue(), ba.toHeaderValue());
        assertEquals(ab, ba);
    }

    @Test
    void parsesWhatItWrites() {
        ResumeCursor cursor = ResumeCursor.fromRanges(List.of(
                new BlockRange("ethereum-mainnet", 0, 0, HASH, null), new BlockRange("anvil", 5, 17, OTHER, HASH)));

        assertEquals(cursor, ResumeCursor.parse(cursor.toHeaderValue()));
    }

    @Test
    void parsingToleratesWhitespaceAndKeyOrder() {
        ResumeCursor parsed = ResumeCursor.parse(" { \"eth\" : { \"hash\" : \"" + HASH + "\" , \"number\" : 42 } } ");

        assertEquals(ResumeCursor.of("eth", 42, HASH), parsed);
    }

    @Test
    void rejectsEveryValueTheServerWouldSilentlyIgnore() {
        List<String> invalid = List.of(
                "",
                "null",
                "not json",
                "[]",
                "{}",
                "{\"eth\":null}",
                "{\"eth\":[199,\"" + HASH + "\"]}",
                "{\"\":{\"number\":1,\"hash\":\"" + HASH + "\"}}",
                "{\"eth\":{\"hash\":\"" + HASH + "\"}}",
                "{\"eth\":{\"number\":-1,\"hash\":\"" + HASH + "\"}}",
                "{\"eth\":{\"number\":1.0,\"hash\":\"" + HASH + "\"}}",
                "{\"eth\":{\"number\":\"199\",\"hash\":\"" + HASH + "\"}}",
                "{\"eth\":{\"number\":18446744073709551615,\"hash\":\"" + HASH + "\"}}",
                "{\"eth\":{\"number\":1}}",
                "{\"eth\":{\"number\":1,\"hash\":null}}",
                "{\"eth\":{\"number\":1,\"hash\":\"0xaaa\"}}",
                "{\"eth\":{\"number\":1,\"hash\":\"" + HASH.substring(2) + "\"}}",
                "{\"eth\":{\"number\":1,\"hash\":\"" + HASH + "0\"}}",
                "{\"eth\":{\"number\":1,\"hash\":\"0x" + "g".repeat(64) + "\"}}",
                "{\"eth\":{\"number\":1,\"hash\":\"" + HASH + "\",\"timestamp\":5}}",
                "{\"eth\":{\"block\":1,\"hash\":\"" + HASH + "\"}}",
                "{\"eth\":{\"number\":1,\"hash\":\"" + HASH + "\"}} x",
                "{\"eth\":{\"number\":1,\"number\":2,\"hash\":\"" + HASH + "\"}}",
                "{\"eth\":{\"number\":1,\"hash\":\"" + HASH + "\"},\"eth\":{\"number\":2,\"hash\":\"" + HASH + "\"}}");

        for (String value : invalid) {
            AmpProtocolException e = assertThrows(AmpProtocolException.class, () -> ResumeCursor.parse(value), value);
            assertEquals(Violation.MALFORMED_CURSOR, e.violation(), value);
            assertTrue(e.getMessage().contains("silently ignore"), e.getMessage());
        }
        assertEquals(Violation.MALFORMED_CURSOR,
                assertThrows(AmpProtocolException.class, () -> ResumeCursor.parse(null)).violation());
    }

    @Test
    void refusesToBuildACursorTheServerWouldIgnore() {
        assertEquals(Violation.MALFORMED_CURSOR,
                assertThrows(AmpProtocolException.class, () -> ResumeCursor.of("eth", -1, HASH)).violation());
        assertEquals(Violation.MALFORMED_CURSOR,
                assertThrows(AmpProtocolException.class, () -> ResumeCursor.of("eth", 1, "0xaaa")).violation());
        assertEquals(Violation.MALFORMED_CURSOR,
                assertThrows(AmpProtocolException.class, () -> ResumeCursor.of("", 1, HASH)).violation());
        assertEquals(Violation.MALFORMED_CURSOR,
                assertThrows(AmpProtocolException.class, () -> new ResumeCursor(new TreeMap<>())).violation());
        assertEquals(Violation.MALFORMED_CURSOR, assertThrows(AmpProtocolException.class,
                () -> ResumeCursor.fromRanges(List.of(new BlockRange("eth", 1, 2, null, HASH)))).violation());
        assertEquals(Violation.MALFORMED_CURSOR, assertThrows(AmpProtocolException.class,
                () -> ResumeCursor.fromRanges(List.of(new BlockRange("eth", 1, 2, HASH, OTHER),
                        new BlockRange("eth", 3, 4, OTHER, HASH)))).violation());
    }

    @Test
    void readsAStoredCursorAsTextOrAsParsedJson() {
        ResumeCursor cursor = ResumeCursor.of("eth", 7, HASH);

        assertEquals(cursor, ResumeCursor.fromOffsetValue(cursor.toHeaderValue()));
        assertEquals(cursor, ResumeCursor.fromOffsetValue(Map.of("eth", Map.of("number", 7L, "hash", HASH))));
        assertEquals(Violation.MALFORMED_CURSOR,
                assertThrows(AmpProtocolException.class, () -> ResumeCursor.fromOffsetValue(7L)).violation());
        assertEquals(Violation.MALFORMED_CURSOR, assertThrows(AmpProtocolException.class,
                () -> ResumeCursor.fromOffsetValue(Map.of("eth", Map.of("number", "7", "hash", HASH)))).violation());
    }
}
