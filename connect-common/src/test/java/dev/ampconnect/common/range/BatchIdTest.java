package dev.ampconnect.common.range;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class BatchIdTest {

    @Test
    void matchesReferenceVectorWithHashAndPrevHash() {
        assertEquals("c0d68e3658fdcd26", BatchId.of(new BlockRange("ethereum", 100, 199, "0xaaa", "0x999")));
    }

    @Test
    void matchesReferenceVectorWithoutPrevHash() {
        assertEquals("61f2191b81d6b40d", BatchId.of(new BlockRange("ethereum", 100, 199, "0xaaa", null)));
    }

    @Test
    void matchesReferenceVectorWithoutAnyHash() {
        assertEquals("a0eaf3228256a036", BatchId.of(new BlockRange("ethereum", 100, 199, null, null)));
    }

    @Test
    void multiRangeIdJoinsSingleIdsInOrder() {
        BlockRange eth = new BlockRange("ethereum", 100, 199, "0xaaa", "0x999");
        BlockRange base = new BlockRange("base", 5, 9, "0xbbb", "0x888");
        assertEquals(BatchId.of(eth) + "|" + BatchId.of(base), BatchId.of(List.of(eth, base)));
        assertNotEquals(BatchId.of(List.of(eth, base)), BatchId.of(List.of(base, eth)));
    }

    @Test
    void timestampDoesNotChangeTheId() {
        assertEquals("c0d68e3658fdcd26",
                new BlockRange("ethereum", 100, 199, "0xaaa", "0x999", 1_700_000_000L).batchId());
    }

    @Test
    void emptyRangeListHasNoId() {
        assertThrows(IllegalArgumentException.class, () -> BatchId.of(List.of()));
    }
}
