package dev.ampconnect.common.sink;

import dev.ampconnect.common.sink.store.OffsetCommit;
import dev.ampconnect.common.sink.store.PartitionClaim;
import dev.ampconnect.common.sink.store.TableClaim;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Per assigned partition: the epoch taken in {@code open()}, the offset stored in the store, the end of the last
 * planned unit, and the offset up to which records were processed (buffered, dropped, or planned). Only stored
 * offsets are ever reported to Connect (sink rule 6); a record below the processed offset is a redelivery and is
 * skipped. With the {@code TABLE} commit scope it also keeps each table's own offsets: a record below the offset a
 * table stored is skipped for that table only.
 */
final class OffsetLedger {

    private static final class Progress {
        final long epoch;
        final String lineage;
        Long stored;
        /** End of the last planned unit (the next unit starts here); equals stored when nothing is in flight. */
        Long planned;
        Long processed;
        /** Offset of the first record processed after the last planned unit (where the next unit starts). */
        Long unitStart;
        /** IDEMPOTENT: the end of a unit the store began but never committed: the first unit is cut exactly there. */
        Long pendingUnitEnd;
        long newestProcessedTimestamp = -1;
        long newestPlannedTimestamp = -1;
        long newestStoredTimestamp = -1;

        Progress(PartitionClaim claim) {
            this.epoch = claim.epoch();
            this.lineage = claim.lineage();
            this.stored = claim.nextOffset().isPresent() ? claim.nextOffset().getAsLong() : null;
            this.planned = stored;
            this.processed = stored;
            this.pendingUnitEnd = claim.pendingUnitEnd().isPresent() ? claim.pendingUnitEnd().getAsLong() : null;
        }
    }

    /** TABLE scope: one partition inside one table. */
    private static final class TableProgress {
        final long epoch;
        Long stored;
        Long planned;
        /** Whether records of the partition were routed to the table since its last planned commit. */
        boolean routed;

        TableProgress(TableClaim claim) {
            this.epoch = claim.epoch();
            this.stored = claim.nextOffset().isPresent() ? claim.nextOffset().getAsLong() : null;
            this.planned = stored;
        }
    }

    private final Map<TopicPartition, Progress> partitions = new HashMap<>();
    private final Map<String, Map<TopicPartition, TableProgress>> tables = new HashMap<>();

    /** Records a claim from the store: processing resumes at the stored offset. */
    void claimed(TopicPartition partition, PartitionClaim claim) {
        partitions.put(partition, new Progress(claim));
    }

    boolean isClaimed(TopicPartition partition) {
        return partitions.containsKey(partition);
    }

    /** The partitions this task owns. */
    Set<TopicPartition> owned() {
        return Set.copyOf(partitions.keySet());
    }

    /** TABLE scope: records the table's own offsets and epochs, as its load claimed them. */
    void tableClaimed(String table, Map<TopicPartition, TableClaim> claims) {
        Map<TopicPartition, TableProgress> progress = new HashMap<>();
        claims.forEach((partition, claim) -> progress.put(partition, new TableProgress(claim)));
        tables.put(table, progress);
    }

    /** Whether the record lies below what was already processed (a redelivery or a pre-seek record). */
    boolean alreadyProcessed(TopicPartition partition, SinkRecord record) {
        Progress progress = partitions.get(partition);
        return progress.processed != null && record.kafkaOffset() < progress.processed;
    }

    /** TABLE scope: whether {@code table} already stored this record (a restart resumed below the table's own offset). */
    boolean storedInTable(String table, TopicPartition partition, long offset) {
        Map<TopicPartition, TableProgress> progress = tables.get(table);
        TableProgress inTable = progress == null ? null : progress.get(partition);
        return inTable != null && inTable.stored != null && offset < inTable.stored;
    }

    /** TABLE scope: a record of {@code partition} went to {@code table} (its offset moves with the table's commit). */
    void routed(String table, TopicPartition partition) {
        Map<TopicPartition, TableProgress> progress = tables.get(table);
        TableProgress inTable = progress == null ? null : progress.get(partition);
        if (inTable == null) {
            throw new IllegalStateException("table " + table + " was not claimed for " + partition);
        }
        inTable.routed = true;
    }

    void processed(TopicPartition partition, SinkRecord record) {
        Progress progress = partitions.get(partition);
        if (progress.unitStart == null) {
            progress.unitStart = progress.planned != null ? progress.planned : record.kafkaOffset();
        }
        progress.processed = record.kafkaOffset() + 1;
        if (record.timestamp() != null) {
            progress.newestProcessedTimestamp = Math.max(progress.newestProcessedTimestamp, record.timestamp());
        }
    }

    /** Whether some partition was processed beyond its last planned unit. */
    boolean hasUnplannedProgress() {
        return partitions.values().stream().anyMatch(ledger -> ledger.processed != null && !ledger.processed.equals(ledger.planned));
    }

    /** Partitions processed beyond their last planned unit. */
    Set<TopicPartition> withUnplannedProgress() {
        Set<TopicPartition> result = new HashSet<>();
        partitions.forEach((partition, progress) -> {
            if (progress.processed != null && !progress.processed.equals(progress.planned)) {
                result.add(partition);
            }
        });
        return result;
    }

    /** Where the next unit of {@code partition} starts (the stored or last planned offset; -1 when none). */
    long plannedOffset(TopicPartition partition) {
        Long planned = partitions.get(partition).planned;
        return planned == null ? -1 : planned;
    }

    long processedOffset(TopicPartition partition) {
        Long processed = partitions.get(partition).processed;
        return processed == null ? -1 : processed;
    }

    /** The offset the next unit of {@code partition} starts at: the last planned end, else its first record's. */
    long unitStart(TopicPartition partition) {
        Progress progress = partitions.get(partition);
        if (progress.unitStart != null) {
            return progress.unitStart;
        }
        return progress.planned == null ? -1 : progress.planned;
    }

    String lineage(TopicPartition partition) {
        return partitions.get(partition).lineage;
    }

    /** IDEMPOTENT: the offset the partition's first unit must end at (a unit begun before a crash), or null. */
    Long pendingUnitEnd(TopicPartition partition) {
        Progress progress = partitions.get(partition);
        return progress == null ? null : progress.pendingUnitEnd;
    }

    /**
     * The offsets a unit planned now makes true for {@code which} partitions (each with the epoch to check and the
     * offset expected stored before it), and moves their planned offset there.
     */
    Map<TopicPartition, OffsetCommit> plan(Collection<TopicPartition> which) {
        Map<TopicPartition, OffsetCommit> commits = new HashMap<>();
        for (TopicPartition partition : which) {
            Progress progress = partitions.get(partition);
            if (progress.processed != null && !progress.processed.equals(progress.planned)) {
                commits.put(partition, new OffsetCommit(progress.processed, progress.epoch, progress.planned));
                progress.planned = progress.processed;
                progress.unitStart = null;
                progress.newestPlannedTimestamp = progress.newestProcessedTimestamp;
                if (progress.pendingUnitEnd != null && progress.planned >= progress.pendingUnitEnd) {
                    progress.pendingUnitEnd = null;
                }
            }
        }
        return commits;
    }

    /**
     * TABLE scope: the table's own offsets its next commit stores: for every partition routed to it since its last
     * commit, the partition's processed offset (every record of it below that is in this or an earlier unit).
     */
    Map<TopicPartition, OffsetCommit> planTable(String table) {
        Map<TopicPartition, OffsetCommit> commits = new HashMap<>();
        Map<TopicPartition, TableProgress> progress = tables.get(table);
        if (progress == null) {
            return commits;
        }
        progress.forEach((partition, inTable) -> {
            Progress ledger = partitions.get(partition);
            if (inTable.routed && ledger != null && ledger.processed != null) {
                commits.put(partition, new OffsetCommit(ledger.processed, inTable.epoch, inTable.planned));
                inTable.planned = ledger.processed;
                inTable.routed = false;
            }
        });
        return commits;
    }

    /** Records that a unit with these partition offsets (or partition marks) was stored. */
    void stored(Map<TopicPartition, OffsetCommit> commits) {
        commits.forEach((partition, commit) -> {
            Progress progress = partitions.get(partition);
            if (progress != null) {
                progress.stored = commit.nextOffset();
                progress.newestStoredTimestamp = progress.newestPlannedTimestamp;
            }
        });
    }

    /** TABLE scope: records that a table's commit stored its own offsets. */
    void tableStored(String table, Map<TopicPartition, OffsetCommit> commits) {
        Map<TopicPartition, TableProgress> progress = tables.get(table);
        if (progress == null) {
            return;
        }
        commits.forEach((partition, commit) -> {
            TableProgress inTable = progress.get(partition);
            if (inTable != null) {
                inTable.stored = commit.nextOffset();
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
     * Forgets everything not stored (buffered records and planned units were discarded): processing resumes at the
     * stored offsets, which are returned so the consumer can seek there. Table offsets are forgotten too (the
     * tables are loaded, and claimed, again).
     */
    Map<TopicPartition, Long> rewindToStored() {
        Map<TopicPartition, Long> seeks = new HashMap<>();
        partitions.forEach((partition, progress) -> {
            if (progress.processed != null && !progress.processed.equals(progress.stored)) {
                progress.processed = progress.stored;
                progress.planned = progress.stored;
                progress.unitStart = null;
                progress.newestProcessedTimestamp = progress.newestStoredTimestamp;
                progress.newestPlannedTimestamp = progress.newestStoredTimestamp;
                if (progress.stored != null) {
                    seeks.put(partition, progress.stored);
                }
            }
        });
        tables.clear();
        return seeks;
    }

    /** TABLE scope: forgets the table offsets (the tables are loaded, and claimed, again). */
    void forgetTables() {
        tables.clear();
    }

    void release(Collection<TopicPartition> revoked) {
        revoked.forEach(partitions::remove);
        tables.values().forEach(progress -> revoked.forEach(progress::remove));
    }

    /** Newest Kafka timestamp among stored records, or -1. */
    long newestStoredTimestamp() {
        return partitions.values().stream().mapToLong(p -> p.newestStoredTimestamp).max().orElse(-1);
    }
}
