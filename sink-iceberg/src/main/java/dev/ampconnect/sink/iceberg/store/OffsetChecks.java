package dev.ampconnect.sink.iceberg.store;

import dev.ampconnect.common.sink.store.OffsetCommit;
import dev.ampconnect.common.sink.store.StoreException;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/**
 * The checks a table commit makes on the entries it found (docs/ARCHITECTURE.md "Commit scopes", TABLE): every
 * epoch is still this task's (else FENCED), and every stored offset is either the one the task expects
 * ({@link OffsetCommit#previous()}) or already the new one, for all partitions alike (a lost reply: the unit is
 * stored); anything else means another writer moved it (FATAL).
 */
final class OffsetChecks {

    private OffsetChecks() {
    }

    /**
     * @param entries the entries of the header's partitions as stored ({@code null} values: absent)
     * @return whether the table already holds every new offset
     */
    static boolean alreadyApplied(String owner, Map<TopicPartition, OffsetCommit> offsets,
                                  Map<TopicPartition, PartitionEntry> entries) {
        int applied = 0;
        for (Map.Entry<TopicPartition, OffsetCommit> offset : offsets.entrySet()) {
            PartitionEntry entry = entries.get(offset.getKey());
            Long stored = entry == null ? null : entry.nextOffset();
            OffsetCommit commit = offset.getValue();
            if (stored != null && stored == commit.nextOffset() && !Objects.equals(stored, commit.previous())) {
                applied++;
            } else if (!Objects.equals(stored, commit.previous())) {
                throw new StoreException(StoreException.Kind.FATAL, null, owner + " partition " + offset.getKey()
                        + ": the stored offset is " + stored + " but this task expected " + commit.previous()
                        + " and is about to store " + commit.nextOffset() + "; something else moved it. Restart the task:"
                        + " it resumes from the stored offsets and registry, which are consistent");
            }
        }
        if (applied > 0 && applied < offsets.size()) {
            throw new StoreException(StoreException.Kind.FATAL, null, owner + " holds the new offsets of only " + applied
                    + " of the partitions " + offsets.keySet() + " of this commit; restart the task");
        }
        return applied > 0;
    }

    /**
     * Verifies that this task still owns (table, partition): the stored epoch is the one it claimed, or the entry is
     * absent and the claim found it absent.
     */
    static void owned(String owner, TopicPartition partition, PartitionEntry stored, Long claimedEpoch, boolean claimedAbsent) {
        if (stored == null) {
            if (!claimedAbsent) {
                throw new StoreException(StoreException.Kind.FENCED, null, owner + " partition " + partition
                        + ": this task holds epoch " + claimedEpoch + " but the table has no offsets entry of it any more"
                        + " (was the table dropped and re-created?)");
            }
            return;
        }
        if (claimedEpoch == null || stored.epoch() != claimedEpoch) {
            throw new StoreException(StoreException.Kind.FENCED, null, owner + " partition " + partition
                    + ": this task holds epoch " + claimedEpoch + " but the table has epoch " + stored.epoch()
                    + (claimedAbsent ? " (the table was created by another task after this one found it missing)" : ""));
        }
    }
}
