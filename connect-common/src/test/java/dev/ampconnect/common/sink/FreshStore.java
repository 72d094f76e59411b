package dev.ampconnect.common.sink;

import dev.ampconnect.common.sink.store.PartitionClaim;
import dev.ampconnect.common.sink.store.WholeUnitStore;
import dev.ampconnect.common.sink.store.TableSnapshot;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/** A store for engine tests that holds nothing yet: every claim gets epoch 1 and no offset, every table is new. */
abstract class FreshStore implements WholeUnitStore {

    @Override
    public Map<TopicPartition, PartitionClaim> claim(Collection<TopicPartition> partitions) {
        Map<TopicPartition, PartitionClaim> claims = new HashMap<>();
        partitions.forEach(p -> claims.put(p, new PartitionClaim(OptionalLong.empty(), 1)));
        return claims;
    }

    @Override
    public TableSnapshot loadTable(String table, Collection<TopicPartition> partitions) {
        return TableSnapshot.absent();
    }

    @Override
    public void close() {
    }
}
