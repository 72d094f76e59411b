package dev.ampconnect.common.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.protocol.AmpProtocolException.Violation;
import dev.ampconnect.common.range.BlockRange;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AmpBatchMetadataTest {

    private static final String H1 = "0x" + "a1".repeat(32);
    private static final String H0 = "0x" + "b0".repeat(32);

    @Test
    void parsesTheServersAlphabeticalLayout() {
        String json = "{\"ranges\":[{\"hash\":\"" + H1 + "\",\"network\":\"ethereum-mainnet\",\"numbers\":{\"end\":199,"
                + "\"start\":100},\"prev_hash\":\"" + H0 + "\",\"timestamp\":1700000000}],\"ranges_complete\":false}";

        AmpBatchMetadata metadata = AmpBatchMetadata.parse(json.getBytes(StandardCharsets.UTF_8));

        assertEquals(List.of(new BlockRange("ethereum-mainnet", 100, 199, H1, H0, 1700000000L)), metadata.ranges());
        assertFalse(metadata.rangesComplete());
    }

    @Test
    void keyOrderIsInsignificant() {
        String alphabetical = "{\"ranges\":[{\"hash\":\"" + H1 + "\",\"network\":\"n\",\"numbers\":{\"end\":2,\"start\":1},"
                + "\"prev_hash\":\"" + H0 + "\"}],\"ranges_complete\":true}";
        String shuffled = "{\"ranges_complete\":true,\"ranges\":[{\"numbers\":{\"start\":1,\"end\":2},\"prev_hash\":\""
                + H0 + "\",\"network\":\"n\",\"hash\":\"" + H1 + "\"}]}";

        assertEquals(AmpBatchMetadata.parse(alphabetical), AmpBatchMetadata.parse(shuffled));
    }

    @Test
    void timestampAndPrevHashAreOptional() {
        String json = "{\"ranges\":[{\"numbers\":{\"start\":0,\"end\":9},\"network\":\"anvil\",\"hash\":\"" + H1
                + "\"},{\"numbers\":{\"start\":0,\"end\":3},\"network\":\"base\",\"hash\":\"" + H1
                + "\",\"prev_hash\":null,\"timestamp\":null}],\"ranges_complete\":true}";

        AmpBatchMetadata metadata = AmpBatchMetadata.parse(json);

        assertEquals(2, metadata.ranges().size());
        assertNull(metadata.ranges().get(0).prevHash());
        assertNull(metadata.ranges().get(0).timestamp());
        assertNull(metadata.ranges().get(1).prevHash());
        assertTrue(metadata.rangesComplete());
    }

    @Test
    void unknownKeysAreIgnored() {
        String json = "{\"ranges\":[{\"numbers\":{\"start\":5,\"end\":5},\"network\":\"n\",\"hash\":\"" + H1
                + "\",\"prev_hash\":\"" + H0 + "\",\"future\":{\"x\":1}}],\"ranges_complete\":false,\"other\":[]}";

        assertEquals(5, AmpBatchMetadata.parse(json).ranges().get(0).start());
    }

    @Test
    void keepAliveWithEmptyRangesListParses() {
        assertEquals(List.of(), AmpBatchMetadata.parse("{\"ranges\":[],\"ranges_complete\":false}").ranges());
    }

    @Test
    void writesWhatItReads() {
        AmpBatchMetadata metadata = new AmpBatchMetadata(List.of(
                new BlockRange("ethereum-mainnet", 100, 199, H1, H0, 1700000000L),
                new BlockRange("anvil", 0, 0, H1, null)), true);

        assertEquals(metadata, AmpBatchMetadata.parse(metadata.toBytes()));
    }

    @Test
    void writesTheServersLayout() {
        AmpBatchMetadata metadata = new AmpBatchMetadata(List.of(new BlockRange("n", 1, 2, H1, H0)), false);

        assertEquals("{\"ranges\":[{\"numbers\":{\"start\":1,\"end\":2},\"network\":\"n\",\"hash\":\"" + H1
                + "\",\"prev_hash\":\"" + H0 + "\"}],\"ranges_complete\":false}", metadata.toJson());
    }

    @Test
    void malformedMetadataNamesTheProblemAndQuotesTheBytes() {
        String json = "{\"ranges\":[{\"numbers\":{\"start\":1},\"network\":\"n\",\"hash\":\"" + H1 + "\"}],\"ranges_complete\":false}";

        AmpProtocolException e = assertThrows(AmpProtocolException.class, () -> AmpBatchMetadata.parse(json));

        assertEquals(Violation.MALFORMED_METADATA, e.violation());
        assertTrue(e.getMessage().contains("range #0 'numbers.end'"), e.getMessage());
        assertTrue(e.getMessage().contains(json), e.getMessage());
    }

    @Test
    void hugeMalformedMetadataIsQuotedTruncated() {
        String json = "{\"ranges\":[" + "x".repeat(10_000);

        AmpProtocolException e = assertThrows(AmpProtocolException.class, () -> AmpBatchMetadata.parse(json));

        assertTrue(e.getMessage().length() < 1_000, "message length " + e.getMessage().length());
        assertTrue(e.getMessage().contains("(" + json.length() + " chars)"), e.getMessage());
    }

    @Test
    void rejectsWhatTheClientCannotRelyOn() {
        String range = "{\"numbers\":{\"start\":1,\"end\":2},\"network\":\"n\",\"hash\":\"" + H1 + "\"}";
        List<String> invalid = List.of(
                "",
                "not json",
                "[]",
                "{\"ranges_complete\":false}",
                "{\"ranges\":[" + range + "]}",
                "{\"ranges\":[" + range + "],\"ranges_complete\":\"false\"}",
                "{\"ranges\":[" + range + "],\"ranges_complete\":false} trailing",
                "{\"ranges\":[" + range + "],\"ranges_complete\":false,\"ranges_complete\":true}",
                "{\"ranges\":[7],\"ranges_complete\":false}",
                "{\"ranges\":[{\"network\":\"n\",\"hash\":\"" + H1 + "\"}],\"ranges_complete\":false}",
                "{\"ranges\":[{\"numbers\":{\"start\":-1,\"end\":2},\"network\":\"n\",\"hash\":\"" + H1 + "\"}],\"ranges_complete\":false}",
                "{\"ranges\":[{\"numbers\":{\"start\":1.5,\"end\":2},\"network\":\"n\",\"hash\":\"" + H1 + "\"}],\"ranges_complete\":false}",
                "{\"ranges\":[{\"numbers\":{\"start\":\"1\",\"end\":2},\"network\":\"n\",\"hash\":\"" + H1 + "\"}],\"ranges_complete\":false}",
                "{\"ranges\":[{\"numbers\":{\"start\":1,\"end\":18446744073709551615},\"network\":\"n\",\"hash\":\"" + H1 + "\"}],\"ranges_complete\":false}",
                "{\"ranges\":[{\"numbers\":{\"start\":3,\"end\":2},\"network\":\"n\",\"hash\":\"" + H1 + "\"}],\"ranges_complete\":false}",
                "{\"ranges\":[{\"numbers\":{\"start\":1,\"end\":2},\"network\":\"\",\"hash\":\"" + H1 + "\"}],\"ranges_complete\":false}",
                "{\"ranges\":[{\"numbers\":{\"start\":1,\"end\":2},\"network\":\"n\"}],\"ranges_complete\":false}",
                "{\"ranges\":[{\"numbers\":{\"start\":1,\"end\":2},\"network\":\"n\",\"hash\":\"0xaaa\"}],\"ranges_complete\":false}",
                "{\"ranges\":[{\"numbers\":{\"start\":1,\"end\":2},\"network\":\"n\",\"hash\":\"" + H1.substring(2)
                        + "00\"}],\"ranges_complete\":false}",
                "{\"ranges\":[{\"numbers\":{\"start\":1,\"end\":2},\"network\":\"n\",\"hash\":\"" + H1
                        + "\",\"prev_hash\":\"0x\"}],\"ranges_complete\":false}",
                "{\"ranges\":[{\"numbers\":{\"start\":1,\"end\":2},\"network\":\"n\",\"hash\":\"" + H1
                        + "\",\"timestamp\":\"2023-11-14\"}],\"ranges_complete\":false}");

        for (String json : invalid) {
            AmpProtocolException e = assertThrows(AmpProtocolException.class, () -> AmpBatchMetadata.parse(json), json);
            assertEquals(Violation.MALFORMED_METADATA, e.violation(), json);
        }
    }

    @Test
    void missingMetadataIsMalformed() {
        assertEquals(Violation.MALFORMED_METADATA,
                assertThrows(AmpProtocolException.class, () -> AmpBatchMetadata.parse((byte[]) null)).violation());
        assertEquals(Violation.MALFORMED_METADATA,
                assertThrows(AmpProtocolException.class, () -> AmpBatchMetadata.parse(new byte[0])).violation());
    }
}
