package dev.ampconnect.sink.iceberg.store;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * What this task claimed per table ({@code loadTable}): the epoch of each (table, partition), and which of them had
 * no entry because the table did not exist yet. A table that does not exist cannot hold an epoch; such a claim gets
 * a random epoch, and the first commit that creates the table's entry expects it absent: of two tasks that both
 * found the table missing, the one that commits first wins and the other is fenced (it cannot tell whether it is
 * the zombie; a restart of it loads the table and claims it properly).
 */
final class TableClaims {

    private final Map<String, Map<TopicPartition, Long>> epochs = new HashMap<>();
    private final Map<String, Set<TopicPartition>> absent = new HashMap<>();

    void claimed(String table, Map<TopicPartition, Long> tableEpochs, Set<TopicPartition> withoutEntry) {
        epochs.put(table, new HashMap<>(tableEpochs));
        absent.put(table, new HashSet<>(withoutEntry));
    }

    /** The epoch this task claimed for (table, partition), or {@code null} when it did not claim it. */
    Long epoch(String table, TopicPartition partition) {
        return epochs.getOrDefault(table, Map.of()).get(partition);
    }

    /** Whether the claim found no entry (the table did not exist): the first commit creates it. */
    boolean claimedAbsent(String table, TopicPartition partition) {
        return absent.getOrDefault(table, Set.of()).contains(partition);
    }

    /** A commit stored the entries of {@code partitions}: they are no longer absent. */
    void stored(String table, Set<TopicPartition> partitions) {
        Set<TopicPartition> missing = absent.get(table);
        if (missing != null) {
            missing.removeAll(partitions);
        }
    }
}
