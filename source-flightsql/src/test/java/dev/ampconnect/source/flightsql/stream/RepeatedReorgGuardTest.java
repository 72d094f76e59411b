package dev.ampconnect.source.flightsql.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.contract.Invalidation;
import dev.ampconnect.common.protocol.StreamEvent;
import dev.ampconnect.common.range.BlockRange;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RepeatedReorgGuardTest {

    private static StreamEvent.Reorg reorg(long start, long end, String hash) {
        BlockRange incoming = new BlockRange("anvil", start, end, hash, "0x" + "0".repeat(63) + "1");
        return new StreamEvent.Reorg(List.of(incoming), List.of(Invalidation.reorg("s", "anvil", 10, end)),
                Optional.empty(), false);
    }

    private static final String HASH_A = "0x" + "a".repeat(64);
    private static final String HASH_B = "0x" + "b".repeat(64);

    @Test
    void theSameReorgMoreOftenThanTheLimitIsCaught() {
        RepeatedReorgGuard guard = new RepeatedReorgGuard(2);
        assertEquals(1, guard.seen(reorg(13, 14, HASH_A)));
        assertEquals(2, guard.seen(reorg(13, 14, HASH_A)));
        assertFalse(guard.exceeded());
        assertEquals(3, guard.seen(reorg(13, 14, HASH_A)));
        assertTrue(guard.exceeded());
    }

    @Test
    void anotherReorgOrProgressStartsOver() {
        RepeatedReorgGuard guard = new RepeatedReorgGuard(2);
        guard.seen(reorg(13, 14, HASH_A));
        guard.seen(reorg(13, 14, HASH_A));
        assertEquals(1, guard.seen(reorg(13, 14, HASH_B)), "other hashes: another reorg");
        assertEquals(1, guard.seen(reorg(13, 15, HASH_B)), "other blocks: another reorg");
        guard.progressed();
        assertEquals(1, guard.seen(reorg(13, 15, HASH_B)));
        assertFalse(guard.exceeded());
    }
}
