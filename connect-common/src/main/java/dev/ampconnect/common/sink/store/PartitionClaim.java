package dev.ampconnect.common.sink.store;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The result of claiming a partition ({@link SinkStore#claim}).
 *
 * @param nextOffset     the stored next offset to consume (empty when nothing was ever stored). {@link
 *                       CommitScope#TABLE}: the highest "everything below is stored" mark any table recorded
 * @param epoch          this task's epoch for the partition; every unit it commits carries it ({@link
 *                       CommitScope#TABLE} fences per table instead: {@link TableClaim}; use 0)
 * @param lineage        {@link CommitScope#IDEMPOTENT}: the id of the partition's offset history, new whenever the
 *                       store's offsets entry is (re)created, so a reset never reuses a dedup token; other
 *                       scopes may return ""
 * @param pendingUnitEnd {@link CommitScope#IDEMPOTENT}: the end offset of a unit the store recorded ({@link
 *                       StoreTransaction} began) but whose offsets it never stored; the task re-forms exactly that
 *                       unit first. Empty otherwise
 */
public record PartitionClaim(OptionalLong nextOffset, long epoch, String lineage, OptionalLong pendingUnitEnd) {

    public PartitionClaim {
        Objects.requireNonNull(nextOffset, "nextOffset");
        Objects.requireNonNull(lineage, "lineage");
        Objects.requireNonNull(pendingUnitEnd, "pendingUnitEnd");
    }

    /** A claim of a store without lineages or pending units ({@link CommitScope#UNIT}, {@link CommitScope#TABLE}). */
    public PartitionClaim(OptionalLong nextOffset, long epoch) {
        this(nextOffset, epoch, "", OptionalLong.empty());
    }
}
