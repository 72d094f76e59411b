package dev.ampconnect.common.sink.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/**
 * The stable identity of an {@link CommitScope#IDEMPOTENT} unit: the records {@code [fromOffset, toOffset)} of
 * one partition, under the partition's offset {@code lineage}. A replay after a crash re-forms the unit with the
 * same identity, so a store can use {@link #dedupToken} to drop the rows it already holds. A legitimate new write
 * always gets a new identity: a rewind or replay of the source arrives as new records (new offsets), and a reset
 * of the sink's offsets or a re-created state starts a new lineage (the store issues a new one whenever its
 * offsets entry is created).
 *
 * @param connector  the connector name
 * @param partition  the partition whose records the unit holds
 * @param fromOffset the first offset of the unit (the stored offset before it)
 * @param toOffset   the offset after the unit's last record (the stored offset after it)
 * @param lineage    the store's id of the partition's offset history ({@link PartitionClaim#lineage()})
 */
public record UnitIdentity(String connector, TopicPartition partition, long fromOffset, long toOffset, String lineage) {

    public UnitIdentity {
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(lineage, "lineage");
        if (toOffset < fromOffset) {
            throw new IllegalArgumentException("unit " + partition + " [" + fromOffset + ", " + toOffset + ") is reversed");
        }
    }

    /**
     * The dedup token of the {@code index}-th write into {@code table} of this unit (hex SHA-256 of every part of
     * the identity, so it never collides across connectors, partitions, tables or lineages). A store that also has
     * a notion of table incarnation (a table's UUID) should add it, so a re-created table never drops a write.
     */
    public String dedupToken(String table, int index) {
        String text = connector + '\u0000' + partition.topic() + '\u0000' + partition.partition() + '\u0000' + fromOffset
                + '\u0000' + toOffset + '\u0000' + lineage + '\u0000' + table + '\u0000' + index;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return partition + " [" + fromOffset + ", " + toOffset + ") lineage " + lineage;
    }
}
