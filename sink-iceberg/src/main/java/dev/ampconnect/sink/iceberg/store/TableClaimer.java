package dev.ampconnect.sink.iceberg.store;

import dev.ampconnect.common.sink.store.StoreException;
import dev.ampconnect.common.sink.store.TableClaim;
import dev.ampconnect.common.sink.store.TableSnapshot;
import dev.ampconnect.common.sink.store.TableState;
import dev.ampconnect.sink.iceberg.commit.FencedCommitException;
import dev.ampconnect.sink.iceberg.commit.TableCommit;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code loadTable} in the TABLE scope: reads the table's state and registry from its properties and claims it for
 * the task's partitions by raising each (table, partition) epoch in one commit that expects the epochs it read (an
 * empty snapshot plus the property changes, so a zombie's commit built before it fails in the catalog and then
 * meets the changed epoch). Two tasks claiming at once: the later commit retries on top of the earlier one, so the
 * last claimer owns the table, as with a row-locked claim in a database.
 */
final class TableClaimer {

    private static final Logger LOG = LoggerFactory.getLogger(TableClaimer.class);
    private static final int ATTEMPTS = 5;
    /** Claims of missing tables get random epochs below 2^48: far from overflowing when raised later. */
    private static final long RANDOM_EPOCH_BOUND = 1L << 48;

    private final StoreContext context;
    private final SecureRandom random = new SecureRandom();

    TableClaimer(StoreContext context) {
        this.context = context;
    }

    TableSnapshot load(String name, Collection<TopicPartition> partitions) {
        try {
            return claimAndRead(name, partitions);
        } catch (RuntimeException e) {
            throw StoreErrors.of(e, name, "loading table " + context.qualified(name));
        }
    }

    private TableSnapshot claimAndRead(String name, Collection<TopicPartition> partitions) {
        Table table = context.find(name);
        if (table == null) {
            return missing(name, partitions);
        }
        if (!partitions.isEmpty()) {
            claim(table, name, partitions);
        }
        Map<String, String> properties = table.properties();
        SinkKeys keys = context.keys();
        TableState state = TableStateCodec.decode(properties.get(keys.state()));
        StoredRegistry registry = RegistryCodec.decode(properties.get(keys.registry()));
        Map<TopicPartition, TableClaim> claims = new HashMap<>();
        Map<TopicPartition, Long> epochs = new HashMap<>();
        for (TopicPartition partition : partitions) {
            PartitionEntry entry = PartitionEntry.decode(properties.get(keys.partition(partition)));
            if (entry == null) {
                throw new StoreException(StoreException.Kind.TRANSIENT, name, "table " + context.qualified(name)
                        + " lost the offsets entry of " + partition + " right after it was claimed; claiming again");
            }
            epochs.put(partition, entry.epoch());
            claims.put(partition, new TableClaim(entry.nextOffset() == null ? OptionalLong.empty()
                    : OptionalLong.of(entry.nextOffset()), entry.epoch()));
        }
        context.claims().claimed(name, epochs, Set.of());
        return new TableSnapshot(Optional.ofNullable(state), registry.registeredBatches(), claims);
    }

    /** A table that does not exist yet holds nothing; its claim is a random epoch its first commit records. */
    private TableSnapshot missing(String name, Collection<TopicPartition> partitions) {
        Map<TopicPartition, TableClaim> claims = new HashMap<>();
        Map<TopicPartition, Long> epochs = new HashMap<>();
        for (TopicPartition partition : partitions) {
            long epoch = 1 + Math.floorMod(random.nextLong(), RANDOM_EPOCH_BOUND);
            epochs.put(partition, epoch);
            claims.put(partition, new TableClaim(OptionalLong.empty(), epoch));
        }
        context.claims().claimed(name, epochs, new HashSet<>(partitions));
        return new TableSnapshot(Optional.empty(), List.of(), claims);
    }

    private void claim(Table table, String name, Collection<TopicPartition> partitions) {
        SinkKeys keys = context.keys();
        for (int attempt = 1; ; attempt++) {
            table.refresh();
            Map<String, String> properties = table.properties();
            TableCommit commit = TableCommit.to(table);
            Map<TopicPartition, Long> raised = new HashMap<>();
            for (TopicPartition partition : partitions) {
                String key = keys.partition(partition);
                String current = properties.get(key);
                PartitionEntry entry = PartitionEntry.decode(current);
                PartitionEntry claimed = entry == null ? new PartitionEntry(1, null, null) : entry.withEpoch(entry.epoch() + 1);
                raised.put(partition, claimed.epoch());
                commit.expectProperty(key, current).setProperty(key, claimed.encode());
            }
            commit.summary(SinkKeys.SUMMARY_CONNECTOR, keys.connector())
                    .summary(SinkKeys.SUMMARY_CLAIM, raised.entrySet().stream()
                            .map(e -> e.getKey().topic() + "/" + e.getKey().partition() + "=" + e.getValue())
                            .sorted().collect(Collectors.joining(",")));
            try {
                context.decorate(commit).commit();
                LOG.info("Claimed table {} for {} (epochs {})", context.qualified(name), partitions, raised);
                return;
            } catch (FencedCommitException | CommitStateUnknownException e) {
                // another task claimed at the same time (claim on top of it), or the answer was lost (claiming again
                // raises the epoch once more, which fences no one but zombies)
                if (attempt >= ATTEMPTS) {
                    throw new StoreException(StoreException.Kind.TRANSIENT, name, "claiming table "
                            + context.qualified(name) + ": " + ATTEMPTS + " attempts raced other commits; last: "
                            + e.getMessage(), e);
                }
            } catch (RuntimeException e) {
                throw StoreErrors.of(e, name, "claiming table " + context.qualified(name));
            }
        }
    }
}
