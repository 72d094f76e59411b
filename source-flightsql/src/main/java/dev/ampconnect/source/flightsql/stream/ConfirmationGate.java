package dev.ampconnect.source.flightsql.stream;

import dev.ampconnect.common.contract.Invalidation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * {@code confirmations=N}: a microbatch reaches the queue only once a later watermark ends at least N
 * blocks after it, so a reorg shallower than N blocks removes held microbatches before anything of them
 * reached Kafka (no invalidation needed). A reorg reaching into released blocks still produces its
 * invalidation. Held microbatches live in memory: at most N blocks' worth plus the microbatch in progress.
 */
public final class ConfirmationGate implements StreamOutput {

    private final ReadAheadQueue queue;
    private final int confirmations;
    private final Deque<HeldBatch> held = new ArrayDeque<>();
    private List<RecordDraft> current = new ArrayList<>();
    private volatile StreamPosition position;
    private long releasedEnd = -1;

    private record HeldBatch(List<RecordDraft> records, StreamPosition after, long endBlock) {
    }

    public ConfirmationGate(ReadAheadQueue queue, int confirmations, StreamPosition start) {
        this.queue = queue;
        this.confirmations = confirmations;
        this.position = start;
    }

    @Override
    public void rewind(RecordDraft draft) throws InterruptedException {
        queue.put(draft.at(position));
    }

    @Override
    public void data(RecordDraft draft) {
        current.add(draft);
    }

    @Override
    public void watermark(RecordDraft draft, StreamPosition after, long endBlock) throws InterruptedException {
        current.add(draft);
        held.addLast(new HeldBatch(current, after, endBlock));
        current = new ArrayList<>();
        while (!held.isEmpty() && held.peekFirst().endBlock() + confirmations <= endBlock) {
            HeldBatch batch = held.removeFirst();
            for (RecordDraft record : batch.records()) {
                // data rows carry the previous position, the watermark its own
                queue.put(record == batch.records().get(batch.records().size() - 1)
                        ? record.at(batch.after()) : record.at(position));
            }
            position = batch.after();
            releasedEnd = batch.endBlock();
        }
    }

    @Override
    public void invalidation(RecordDraft draft, Invalidation invalidation, StreamPosition after) throws InterruptedException {
        current = new ArrayList<>();
        held.removeIf(batch -> batch.endBlock() >= invalidation.startBlock());
        if (invalidation.startBlock() <= releasedEnd) {
            queue.put(draft.at(after));
            position = after;
            releasedEnd = invalidation.startBlock() - 1;
        }
    }

    @Override
    public StreamPosition position() {
        return position;
    }

    @Override
    public void resetToPosition() {
        held.clear();
        current = new ArrayList<>();
    }

    /** Microbatches waiting for confirmations. */
    public int heldBatches() {
        return held.size();
    }
}
