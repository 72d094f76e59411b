package dev.ampconnect.source.flightsql.stream;

import dev.ampconnect.common.contract.Invalidation;

/** {@code confirmations=0}: every record goes to the queue at once, carrying the position in force. */
public final class DirectOutput implements StreamOutput {

    private final ReadAheadQueue queue;
    private volatile StreamPosition position;

    public DirectOutput(ReadAheadQueue queue, StreamPosition start) {
        this.queue = queue;
        this.position = start;
    }

    @Override
    public void rewind(RecordDraft draft) throws InterruptedException {
        queue.put(draft.at(position));
    }

    @Override
    public void data(RecordDraft draft) throws InterruptedException {
        queue.put(draft.at(position));
    }

    @Override
    public void watermark(RecordDraft draft, StreamPosition after, long endBlock) throws InterruptedException {
        queue.put(draft.at(after));
        position = after;
    }

    @Override
    public void invalidation(RecordDraft draft, Invalidation invalidation, StreamPosition after) throws InterruptedException {
        queue.put(draft.at(after));
        position = after;
    }

    @Override
    public StreamPosition position() {
        return position;
    }

    @Override
    public void resetToPosition() {
        // nothing is held back
    }
}
