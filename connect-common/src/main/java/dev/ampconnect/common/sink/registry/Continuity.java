package dev.ampconnect.common.sink.registry;

import dev.ampconnect.common.range.BlockRange;

/** How an incoming microbatch's range relates to the last registered batch on its network (sink rule 4). */
public enum Continuity {
    /** Nothing registered on the network yet: any start is accepted. */
    FIRST,
    /** {@code start == last.end + 1} and the hash chain holds. */
    CONTINUES,
    /** {@code start <= last.end}: an implicit rewind (invalidate {@code end >= start}, then accept). */
    OVERLAPS,
    /** {@code start > last.end + 1}: blocks are missing. Fails loudly. */
    GAP,
    /** {@code start == last.end + 1} but {@code prev_hash != last.hash}. Fails loudly. */
    HASH_BREAK;

    /**
     * Classifies {@code incoming} against {@code last} (the range of the last registered batch on the same
     * network, or {@code null}). Hashes are compared only when both are known (non-streaming loads have none).
     */
    public static Continuity of(BlockRange last, BlockRange incoming) {
        if (last == null) {
            return FIRST;
        }
        if (incoming.start() <= last.end()) {
            return OVERLAPS;
        }
        if (incoming.start() > last.end() + 1) {
            return GAP;
        }
        if (last.hash() != null && incoming.prevHash() != null && !incoming.prevHash().equals(last.hash())) {
            return HASH_BREAK;
        }
        return CONTINUES;
    }
}
