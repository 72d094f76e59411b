package dev.ampconnect.sink.clickhouse;

import dev.ampconnect.common.sink.store.CommitScope;
import dev.ampconnect.common.sink.store.OffsetCommit;
import dev.ampconnect.common.sink.store.PartitionClaim;
import dev.ampconnect.common.sink.store.SinkStore;
import dev.ampconnect.common.sink.store.StoreException;
import dev.ampconnect.common.sink.store.StoreTransaction;
import dev.ampconnect.common.sink.store.TableSnapshot;
import dev.ampconnect.common.sink.store.UnitHeader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The ClickHouse store, in the {@link CommitScope#IDEMPOTENT} scope (ClickHouse has no transaction across
 * statements or tables): units of one partition written as idempotent steps ({@link ChIdempotentTransaction}),
 * the registry, table states, offsets, unit intents and claims as versioned rows of one log table of this
 * connector ({@link ChStateLog}), claims and owner checks by {@link ChPartitionLog}, registries by
 * {@link ChTableLog}, target tables by {@link ChTableWriter}. Works on a single server (no Keeper).
 */
final class ClickHouseStore implements SinkStore {

    private final ChClient client;
    private final ChStateLog log;
    private final ChPartitionLog partitions;
    private final ChTableLog tables;
    private final ChTableCatalog catalog;
    private final ChTableWriter writer;
    /** The partitions this task claimed, with the generation it writes them in. */
    private final Map<TopicPartition, ChGeneration> owned = new HashMap<>();

    ClickHouseStore(ChClient client, String connector, ChTableLayout layout, boolean autoCreate, boolean autoEvolve,
                    Map<String, String> insertSettings) {
        this.client = client;
        this.log = new ChStateLog(client, connector);
        this.partitions = new ChPartitionLog(log);
        this.tables = new ChTableLog(log);
        this.catalog = new ChTableCatalog(client, layout, autoCreate, autoEvolve);
        this.writer = new ChTableWriter(client, catalog, new ChInserter(client, insertSettings));
    }

    /** Creates the sink's log table and progress view when missing. */
    void start() {
        try {
            log.create();
        } catch (RuntimeException e) {
            throw ChErrors.of(e, null, "creating the sink's state table " + log.qualified());
        }
    }

    @Override
    public CommitScope commitScope() {
        return CommitScope.IDEMPOTENT;
    }

    @Override
    public Map<TopicPartition, PartitionClaim> claim(Collection<TopicPartition> partitions) {
        List<TopicPartition> sorted = new ArrayList<>(partitions);
        sorted.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        Map<TopicPartition, PartitionClaim> claims = new LinkedHashMap<>();
        for (TopicPartition partition : sorted) {
            ChPartitionLog.Claimed claimed;
            try {
                claimed = this.partitions.claim(partition);
            } catch (RuntimeException e) {
                throw ChErrors.of(e, null, "claiming " + partition);
            }
            owned.put(partition, claimed.generation());
            claims.put(partition, claimed.claim());
        }
        return claims;
    }

    @Override
    public TableSnapshot loadTable(String table, Collection<TopicPartition> partitions) {
        try {
            return tables.load(table).snapshot();
        } catch (RuntimeException e) {
            throw ChErrors.of(e, table, "loading the registry of " + table + " from " + log.qualified());
        }
    }

    @Override
    public StoreTransaction begin(UnitHeader header) {
        if (header.identity() == null || header.offsets().size() != 1
                || !header.offsets().containsKey(header.identity().partition())) {
            throw new StoreException(StoreException.Kind.FATAL, null, "an IDEMPOTENT unit needs an identity and exactly"
                    + " its partition's offset, got " + header.describe() + " with offsets " + header.offsets().keySet());
        }
        TopicPartition partition = header.identity().partition();
        OffsetCommit commit = header.offsets().get(partition);
        ChGeneration generation = owned.get(partition);
        if (generation == null || generation.epoch() != commit.epoch()) {
            throw new StoreException(StoreException.Kind.FENCED, null, "partition " + partition + ": this task holds epoch "
                    + commit.epoch() + " but " + (generation == null ? "claimed no epoch" : "claimed epoch "
                    + generation.epoch()) + " in this store");
        }
        return new ChIdempotentTransaction(log, this.partitions, tables, writer, generation, header);
    }

    /** The HTTP requests this store sent so far, per kind, and the units it committed. */
    ChRequestStats requests() {
        return client.stats();
    }

    @Override
    public void close() {
        client.close();
    }
}
