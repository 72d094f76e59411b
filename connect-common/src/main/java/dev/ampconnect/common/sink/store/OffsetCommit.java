package dev.ampconnect.common.sink.store;

/**
 * The new stored offset of one partition (or, {@link CommitScope#TABLE}, of one partition inside one table),
 * valid only while its epoch is still {@code epoch}.
 *
 * @param nextOffset the next offset to consume: every record below it is stored or deliberately dropped
 * @param epoch      the epoch the task received from {@link SinkStore#claim} or {@link SinkStore#loadTable}
 * @param previous   the offset this task believes is stored now ({@code null}: none). A store compares it before
 *                   writing: stored == {@code nextOffset} means an earlier attempt whose reply was lost already
 *                   applied the unit ({@link StoreTransaction#alreadyApplied()}); anything else but {@code previous}
 *                   means another writer moved it
 */
public record OffsetCommit(long nextOffset, long epoch, Long previous) {

    /** A commit without an expectation of the stored value. */
    public OffsetCommit(long nextOffset, long epoch) {
        this(nextOffset, epoch, null);
    }
}
