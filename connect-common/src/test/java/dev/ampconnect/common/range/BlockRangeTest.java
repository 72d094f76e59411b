package dev.ampconnect.common.range;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BlockRangeTest {

    @Test
    void rejectsEndBeforeStart() {
        assertThrows(IllegalArgumentException.class, () -> new BlockRange("eth", 10, 9, "0x1", "0x0"));
    }

    @Test
    void rejectsMissingNetwork() {
        assertThrows(IllegalArgumentException.class, () -> new BlockRange("", 1, 2, "0x1", "0x0"));
    }

    @Test
    void zeroOrAbsentPrevHashMeansNoParent() {
        assertTrue(new BlockRange("eth", 0, 1, "0x1", BlockRange.ZERO_HASH).hasNoParent());
        assertTrue(new BlockRange("eth", 0, 1, "0x1", null).hasNoParent());
        assertFalse(new BlockRange("eth", 0, 1, "0x1", "0x01").hasNoParent());
    }

    @Test
    void sameBlocksIgnoresTimestamp() {
        assertTrue(new BlockRange("eth", 1, 2, "0x1", "0x0", 5L).sameBlocks(new BlockRange("eth", 1, 2, "0x1", "0x0")));
        assertFalse(new BlockRange("eth", 1, 2, "0x1", "0x0").sameBlocks(new BlockRange("eth", 1, 2, "0x2", "0x0")));
    }
}
