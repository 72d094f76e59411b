package dev.ampconnect.source.flightsql.stream;

import dev.ampconnect.common.contract.Invalidation;

/**
 * Where a stream session's records go, in stream order. Implementations decide when records reach the
 * read-ahead queue and move the stream's {@link StreamPosition} as they do.
 */
public interface StreamOutput {

    /** The first record of a session. */
    void rewind(RecordDraft draft) throws InterruptedException;

    /** A data record of the current microbatch. */
    void data(RecordDraft draft) throws InterruptedException;

    /**
     * The current microbatch is complete.
     *
     * @param after    the position after it
     * @param endBlock its last block (first network)
     */
    void watermark(RecordDraft draft, StreamPosition after, long endBlock) throws InterruptedException;

    /**
     * A reorg invalidates blocks from {@code invalidation.startBlock()}.
     *
     * @param after the recovery point
     */
    void invalidation(RecordDraft draft, Invalidation invalidation, StreamPosition after) throws InterruptedException;

    /** The position of the last record that reached the queue. */
    StreamPosition position();

    /** A new session starts from {@link #position()}: forget anything held back. */
    void resetToPosition();
}
