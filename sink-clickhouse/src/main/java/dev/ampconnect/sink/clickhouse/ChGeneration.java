package dev.ampconnect.sink.clickhouse;

import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/**
 * This task's ownership of one partition, won by a claim ({@link ChPartitionLog#claim}): the epoch the sink base
 * sees, the claim's nonce (ranks two claims that picked the same epoch), the partition's offset lineage, and the
 * running number of the row groups the owner writes (intents, commit markers), each of which gets the next
 * {@link ChVersion}.
 */
final class ChGeneration {

    private final TopicPartition partition;
    private final long epoch;
    private final String nonce;
    private final String lineage;
    private long seq;
    private int commitsSinceCompaction;

    ChGeneration(TopicPartition partition, long epoch, String nonce, String lineage) {
        this.partition = Objects.requireNonNull(partition, "partition");
        this.epoch = epoch;
        this.nonce = Objects.requireNonNull(nonce, "nonce");
        this.lineage = Objects.requireNonNull(lineage, "lineage");
    }

    TopicPartition partition() {
        return partition;
    }

    long epoch() {
        return epoch;
    }

    String nonce() {
        return nonce;
    }

    String lineage() {
        return lineage;
    }

    /** The version of the claim row. */
    ChVersion claimVersion() {
        return new ChVersion(epoch, nonce, 0);
    }

    /** The version of the next row group this owner writes (never reused, even when its insert failed). */
    ChVersion nextVersion() {
        return new ChVersion(epoch, nonce, ++seq);
    }

    /** Counts a stored commit marker; true every {@code every}-th one (time to delete superseded rows). */
    boolean committed(int every) {
        if (++commitsSinceCompaction >= every) {
            commitsSinceCompaction = 0;
            return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return partition + " epoch " + epoch + " (" + nonce + ")";
    }
}
