package dev.ampconnect.sink.iceberg.store;

import dev.ampconnect.common.sink.AmpSinkConfig;
import dev.ampconnect.common.sink.store.CommitScope;
import dev.ampconnect.common.sink.store.PartitionClaim;
import dev.ampconnect.common.sink.store.SinkStore;
import dev.ampconnect.common.sink.store.StoreTransaction;
import dev.ampconnect.common.sink.store.TableSnapshot;
import dev.ampconnect.common.sink.store.UnitHeader;
import dev.ampconnect.sink.iceberg.CatalogLoader;
import dev.ampconnect.sink.iceberg.IcebergSinkConfig;
import dev.ampconnect.sink.iceberg.commit.TableCommit;
import dev.ampconnect.sink.iceberg.schema.IcebergTables;
import dev.ampconnect.sink.iceberg.write.WriteThreads;
import java.io.Closeable;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.iceberg.catalog.Catalog;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Iceberg store, {@link CommitScope#TABLE}: every table's part of a unit is one Iceberg commit that carries its
 * data files, deletes, registry (with the files and positions of every batch's rows), state, its own offsets and
 * (last table of a unit) the partition marks, compared against the (table, partition) epochs the task claimed when
 * it loaded the table. The sink's state lives in table properties of each table (they survive snapshot expiration),
 * under keys of the connector's name ({@link SinkKeys}); nothing lives outside the tables.
 */
public final class IcebergStore implements SinkStore {

    private static final Logger LOG = LoggerFactory.getLogger(IcebergStore.class);

    private final StoreContext context;
    private final TableClaimer claimer;
    private final PartitionMarks marks;

    IcebergStore(StoreContext context) {
        this.context = context;
        this.claimer = new TableClaimer(context);
        this.marks = new PartitionMarks(context);
    }

    /** Connects to the configured catalog. */
    public static IcebergStore open(AmpSinkConfig base, IcebergSinkConfig config) {
        Catalog catalog = CatalogLoader.load(config);
        IcebergTables tables = new IcebergTables(catalog, config.namespace(), new IcebergTables.Options(base.autoCreate(),
                base.autoEvolve(), config.formatVersion(), config.partitionBy(), config.autoCreateProperties(),
                config.uint64Mode()));
        LOG.info("Iceberg sink {} writes into namespace {} of catalog {}", base.connectorName(), config.namespace(),
                config.catalogName());
        return new IcebergStore(new StoreContext(new SinkKeys(base.connectorName()), catalog, config.namespace(), tables,
                config.targetFileSizeBytes(), WriteThreads.of(config.writeThreads(), base.connectorName())));
    }

    @Override
    public CommitScope commitScope() {
        return CommitScope.TABLE;
    }

    @Override
    public Map<TopicPartition, PartitionClaim> claim(Collection<TopicPartition> partitions) {
        try {
            return marks.read(partitions);
        } catch (RuntimeException e) {
            throw StoreErrors.of(e, null, "reading the partition marks of " + partitions + " in namespace "
                    + context.namespace());
        }
    }

    @Override
    public TableSnapshot loadTable(String table, Collection<TopicPartition> partitions) {
        return claimer.load(table, partitions);
    }

    @Override
    public StoreTransaction begin(UnitHeader header) {
        return TableTransaction.begin(context, header);
    }

    /** Test seam: {@code decorator} sees every commit before it is made (tests lose replies or race it there). */
    void decorateCommits(Consumer<TableCommit> decorator) {
        context.decorateCommits(decorator);
    }

    @Override
    public void close() {
        context.writeThreads().close();
        if (context.catalog() instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not close the Iceberg catalog client: {}", e.getMessage());
            }
        }
    }
}
