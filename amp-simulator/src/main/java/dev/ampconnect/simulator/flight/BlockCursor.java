package dev.ampconnect.simulator.flight;

import dev.ampconnect.simulator.chain.BlockHash;

/**
 * A block a stream has sent up to: the end of the previous microbatch, or a client's resume cursor.
 *
 * @param number block number
 * @param hash   the hash the client saw for it
 */
public record BlockCursor(long number, BlockHash hash) {
}
