package dev.ampconnect.common.sink;

import dev.ampconnect.common.sink.store.OffsetCommit;
import dev.ampconnect.common.sink.store.PartitionClaim;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Per assigned partition: the epoch taken in {@code open()}, the offset stored in the store, and the
 * offset up to which records were processed (buffered, dropped, or applied). Only stored offsets are
 * ever reported to Connect (sink rule 6); a record below the processed offset is a redelivery and is
 * skipped, which makes {@code put()} safe to repeat after a {@code RetriableException}.
 */
final class OffsetLedger {

    private static final class Progress {
        final long epoch;
        Long stored;
        Long processed;
        long newestProcessedTimestamp = -1;
        long newestStoredTimestamp = -1;

        Progress(long epoch, Long stored) {
            this.epoch = epoch;
            this.stored = stored;
            this.processed = stored;
        }
    }

    private final Map<TopicPartition, Progress> partitions = new HashMap<>();

    /** Records a claim from the store: processing resumes at the stored offset. */
    void claimed(TopicPartition partition, PartitionClaim claim) {
        Long stored = claim.nextOffset().isPresent() ? claim.nextOffset().getAsLong() : null;
        partitions.put(partition, new Progress(claim.epoch(), stored));
    }

    boolean isClaimed(TopicPartition partition) {
        return partitions.containsKey(partition);
    }

    /** Whether the record lies below what was already processed (a redelivery or a pre-seek record). */
    boolean alreadyProcessed(TopicPartition partition, SinkRecord record) {
        Progress progress = partitions.get(partition);
        return progress.processed != null && record.kafkaOffset() < progress.processed;
    }

    void processed(TopicPartition partition, SinkRecord record) {
        Progress progress = partitions.get(partition);
        progress.processed = record.kafkaOffset() + 1;
        if (record.timestamp() != null) {
            progress.newestProcessedTimestamp = Math.max(progress.newestProcessedTimestamp, record.timestamp());
        }
    }

    /** Whether some partition was processed beyond its stored offset. */
    boolean hasUnstoredProgress() {
        return partitions.values().stream().anyMatch(p -> p.processed != null && !p.processed.equals(p.stored));
    }

    /** The offsets the next unit of work makes true, with the epochs to check. */
    Map<TopicPartition, OffsetCommit> unstored() {
        Map<TopicPartition, OffsetCommit> commits = new HashMap<>();
        partitions.forEach((partition, progress) -> {
            if (progress.processed != null && !progress.processed.equals(progress.stored)) {
                commits.put(partition, new OffsetCommit(progress.processed, progress.epoch));
            }
        });
        return commits;
    }

    /** Records that a unit with these offsets was applied. */
    void stored(Map<TopicPartition, OffsetCommit> commits) {
        commits.forEach((partition, commit) -> {
            Progress progress = partitions.get(partition);
            if (progress != null) {
                progress.stored = commit.nextOffset();
                progress.newestStoredTimestamp = progress.newestProcessedTimestamp;
            }
        });
    }

    /** The stored offsets, for {@code preCommit()}. */
    Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        partitions.forEach((partition, progress) -> {
            if (progress.stored != null) {
                offsets.put(partition, new OffsetAndMetadata(progress.stored));
            }
        });
        return offsets;
    }

    /**
     * Forgets unstored progress (buffered records were discarded): processing resumes at the stored
     * offsets, which are returned so the consumer can seek there.
     */
    Map<TopicPartition, Long> rewindToStored() {
        Map<TopicPartition, Long> seeks = new HashMap<>();
        partitions.forEach((partition, progress) -> {
            if (progress.processed != null && !progress.processed.equals(progress.stored)) {
                progress.processed = progress.stored;
                progress.newestProcessedTimestamp = progress.newestStoredTimestamp;
                if (progress.stored != null) {
                    seeks.put(partition, progress.stored);
                }
            }
        });
        return seeks;
    }

    void release(Collection<TopicPartition> revoked) {
        revoked.forEach(partitions::remove);
    }

    /** Newest Kafka timestamp among stored records, or -1. */
    long newestStoredTimestamp() {
        return partitions.values().stream().mapToLong(p -> p.newestStoredTimestamp).max().orElse(-1);
    }

    /** The epoch of a claimed partition (for error messages). */
    long epoch(TopicPartition partition) {
        Progress progress = partitions.get(partition);
        return progress == null ? -1 : progress.epoch;
    }
}
