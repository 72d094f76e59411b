package dev.ampconnect.common.sink.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ampconnect.common.range.BlockRange;
import org.junit.jupiter.api.Test;

class ContinuityTest {

    private static BlockRange range(long start, long end, String hash, String prevHash) {
        return new BlockRange("eth", start, end, hash, prevHash);
    }

    @Test
    void anyBatchIsAcceptedWhenNothingIsRegistered() {
        assertEquals(Continuity.FIRST, Continuity.of(null, range(500, 510, "0x510", "0x499")));
    }

    @Test
    void aBatchStartingAfterTheLastEndWithMatchingParentContinues() {
        assertEquals(Continuity.CONTINUES, Continuity.of(range(100, 102, "0x102", "0x99"), range(103, 104, "0x104", "0x102")));
    }

    @Test
    void aBatchStartingAtOrBeforeTheLastEndOverlaps() {
        BlockRange last = range(100, 102, "0x102", "0x99");
        assertEquals(Continuity.OVERLAPS, Continuity.of(last, range(102, 104, "0x104", "0x101")));
        assertEquals(Continuity.OVERLAPS, Continuity.of(last, range(90, 95, "0x95", "0x89")));
    }

    @Test
    void aBatchSkippingBlocksIsAGap() {
        assertEquals(Continuity.GAP, Continuity.of(range(100, 102, "0x102", "0x99"), range(104, 105, "0x105", "0x103")));
    }

    @Test
    void aParentHashOtherThanTheLastHashBreaksTheChain() {
        assertEquals(Continuity.HASH_BREAK, Continuity.of(range(100, 102, "0x102", "0x99"), range(103, 104, "0x104", "0xdead")));
    }

    @Test
    void hashesAreOnlyComparedWhenBothAreKnown() {
        assertEquals(Continuity.CONTINUES, Continuity.of(range(100, 102, null, null), range(103, 104, "0x104", "0x102")));
        assertEquals(Continuity.CONTINUES, Continuity.of(range(100, 102, "0x102", null), range(103, 104, null, null)));
    }
}
