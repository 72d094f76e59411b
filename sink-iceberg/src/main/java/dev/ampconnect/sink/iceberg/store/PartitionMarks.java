package dev.ampconnect.sink.iceberg.store;

import dev.ampconnect.common.sink.store.PartitionClaim;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code claim} in the TABLE scope: where each partition resumes, the highest partition mark any table of the
 * connector's namespace holds for it. Reads every table's properties (one catalog load per table; no manifest or
 * data file); tables of other connectors hold no keys of this one.
 */
final class PartitionMarks {

    private final StoreContext context;

    PartitionMarks(StoreContext context) {
        this.context = context;
    }

    Map<TopicPartition, PartitionClaim> read(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> highest = new HashMap<>();
        for (TableIdentifier identifier : tables()) {
            Table table;
            try {
                table = context.catalog().loadTable(identifier);
            } catch (NoSuchTableException dropped) {
                continue;
            }
            Map<String, String> properties = table.properties();
            for (TopicPartition partition : partitions) {
                PartitionEntry entry = PartitionEntry.decode(properties.get(context.keys().partition(partition)));
                if (entry != null && entry.mark() != null) {
                    highest.merge(partition, entry.mark(), Math::max);
                }
            }
        }
        Map<TopicPartition, PartitionClaim> claims = new LinkedHashMap<>();
        for (TopicPartition partition : partitions) {
            Long mark = highest.get(partition);
            claims.put(partition, new PartitionClaim(mark == null ? OptionalLong.empty() : OptionalLong.of(mark), 0));
        }
        return claims;
    }

    private List<TableIdentifier> tables() {
        try {
            return context.catalog().listTables(context.namespace());
        } catch (NoSuchNamespaceException e) {
            return List.of();
        }
    }
}
