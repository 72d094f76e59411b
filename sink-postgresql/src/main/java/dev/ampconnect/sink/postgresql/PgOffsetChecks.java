package dev.ampconnect.sink.postgresql;

import dev.ampconnect.common.sink.store.OffsetCommit;
import dev.ampconnect.common.sink.store.StoreException;
import java.util.Collection;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/** The compare step of an offset commit, shared by the partition and table offsets. */
final class PgOffsetChecks {

    private PgOffsetChecks() {
    }

    /**
     * Compares a stored offset with a commit.
     *
     * @return 1 when the store already holds the commit's offset, 0 when it holds the expected one
     * @throws StoreException FATAL when it holds anything else
     */
    static int compare(String owner, TopicPartition partition, Long stored, OffsetCommit commit) {
        if (stored != null && stored == commit.nextOffset() && !Objects.equals(stored, commit.previous())) {
            return 1;
        }
        if (!Objects.equals(stored, commit.previous())) {
            throw new StoreException(StoreException.Kind.FATAL, null, owner + " partition " + partition + ": the stored"
                    + " offset is " + stored + " but this task expected " + commit.previous() + " (it last stored or planned"
                    + " that) and is about to store " + commit.nextOffset() + "; something else moved it. Restart the task:"
                    + " it resumes from the stored offsets and registry, which are consistent");
        }
        return 0;
    }

    /** Whether all offsets of a commit were applied already; some but not all is a FATAL inconsistency. */
    static boolean allOrNothing(int applied, int total, Collection<TopicPartition> partitions) {
        if (applied > 0 && applied < total) {
            throw new StoreException(StoreException.Kind.FATAL, null, "the store holds the new offsets of only " + applied
                    + " of the partitions " + partitions + " of this unit; restart the task");
        }
        return total > 0 && applied == total;
    }
}
