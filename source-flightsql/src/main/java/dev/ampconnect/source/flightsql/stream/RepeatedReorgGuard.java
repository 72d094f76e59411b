package dev.ampconnect.source.flightsql.stream;

import dev.ampconnect.common.contract.Invalidation;
import dev.ampconnect.common.protocol.StreamEvent;
import dev.ampconnect.common.range.BlockRange;
import java.util.List;

/**
 * Notices a server that sends the same reorg again after every reconnect: the same incoming ranges (blocks
 * and hashes) invalidating the same blocks. Such a server never lets the stream move on, and every round
 * re-sends the same records into the topic, so after {@code limit} reconnects for one reorg the stream
 * fails naming it. A session that moves the stream forward clears the memory (that reorg was recovered from).
 * Not thread-safe: the reader thread owns it.
 */
final class RepeatedReorgGuard {

    private record Signature(List<BlockRange> incoming, List<Invalidation> invalidations) {
    }

    private final int limit;
    private Signature last;
    private int occurrences;

    /** @param limit reconnects one reorg may cause; the next occurrence exceeds it */
    RepeatedReorgGuard(int limit) {
        this.limit = limit;
    }

    /**
     * Records a reorg that needs a reconnect.
     *
     * @return how many times in a row the server has now sent this reorg (1 for a new one)
     */
    int seen(StreamEvent.Reorg reorg) {
        Signature signature = new Signature(reorg.ranges(), reorg.invalidations());
        occurrences = signature.equals(last) ? occurrences + 1 : 1;
        last = signature;
        return occurrences;
    }

    /** Whether the reorg last {@link #seen} came more often than {@code limit} reconnects allow. */
    boolean exceeded() {
        return occurrences > limit;
    }

    /** The stream moved forward: whatever reorg came before is over. */
    void progressed() {
        last = null;
        occurrences = 0;
    }

    /** The configured limit. */
    int limit() {
        return limit;
    }
}
