package dev.ampconnect.sink.redis;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.store.OffsetCommit;
import dev.ampconnect.common.sink.store.PartitionClaim;
import dev.ampconnect.common.sink.store.RegisteredBatch;
import dev.ampconnect.common.sink.store.SinkStore;
import dev.ampconnect.common.sink.store.StoreException;
import dev.ampconnect.common.sink.store.TableSnapshot;
import dev.ampconnect.common.sink.store.UnitOfWork;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The Redis store: every unit of work is ONE call of {@code apply-unit.lua}, which checks the unit's
 * epochs and stored offsets (fencing, compare-and-set), then writes the rows with the pre-images they
 * overwrite, the registry, the undo of invalidated batches, the pruning, the table state and the new
 * offsets (exactly-once, sink rules 6 and 7). A call whose reply is lost is resolved by reading the stored
 * offsets back, so a retry never writes a unit twice.
 */
final class RedisStore implements SinkStore {

    private static final Logger LOG = LoggerFactory.getLogger(RedisStore.class);

    private final RedisConnections connections;
    private final StateKeys keys;
    private final TableCatalog catalog;
    private final RegistryMirror mirror = new RegistryMirror();
    private final RedisUnitEncoder encoder;
    private final ApplyScript script = new ApplyScript();
    /** The next offset stored per claimed partition, as of this task's last claim or unit (absent: none). */
    private final Map<TopicPartition, Long> storedOffsets = new HashMap<>();

    RedisStore(RedisConnections connections, StateKeys keys, RedisLayout layout, boolean autoCreate, boolean autoEvolve) {
        this.connections = connections;
        this.keys = keys;
        this.catalog = new TableCatalog(autoCreate, autoEvolve, this::loadColumns);
        this.encoder = new RedisUnitEncoder(keys, layout, catalog, mirror);
    }

    @Override
    public Map<TopicPartition, PartitionClaim> claim(Collection<TopicPartition> partitions) {
        List<TopicPartition> ordered = new ArrayList<>(partitions);
        Map<TopicPartition, PartitionClaim> claims = new LinkedHashMap<>();
        try (Jedis jedis = connections.borrow()) {
            Transaction transaction = jedis.multi();
            List<Response<Long>> epochs = new ArrayList<>();
            List<Response<String>> nexts = new ArrayList<>();
            for (TopicPartition partition : ordered) {
                epochs.add(transaction.hincrBy(keys.offsets(), StateKeys.epochField(partition), 1));
                nexts.add(transaction.hget(keys.offsets(), StateKeys.nextField(partition)));
            }
            transaction.exec();
            for (int i = 0; i < ordered.size(); i++) {
                String next = nexts.get(i).get();
                OptionalLong stored = next == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(next));
                claims.put(ordered.get(i), new PartitionClaim(stored, epochs.get(i).get()));
                if (stored.isPresent()) {
                    storedOffsets.put(ordered.get(i), stored.getAsLong());
                } else {
                    storedOffsets.remove(ordered.get(i));
                }
            }
        } catch (JedisException e) {
            throw RedisErrors.of(e, null, "claiming " + partitions + " on " + connections.endpoint());
        }
        return claims;
    }

    @Override
    public TableSnapshot loadTable(String table) {
        try (Jedis jedis = connections.borrow()) {
            Map<String, String> state = jedis.hgetAll(keys.table(table));
            List<RegisteredBatch> batches = new ArrayList<>();
            for (String json : jedis.hgetAll(keys.batches(table)).values()) {
                batches.add(RegistryCodec.batch(json));
            }
            mirror.loaded(table, batches);
            return new TableSnapshot(state.isEmpty() ? Optional.empty() : Optional.of(RegistryCodec.state(state)), batches);
        } catch (JedisException e) {
            throw RedisErrors.of(e, table, "loading the registry of table " + table + " from " + connections.endpoint());
        }
    }

    private Map<String, String> loadColumns(String table) {
        try (Jedis jedis = connections.borrow()) {
            return new LinkedHashMap<>(jedis.hgetAll(keys.columns(table)));
        } catch (JedisException e) {
            throw RedisErrors.of(e, table, "loading the columns of table " + table + " from " + connections.endpoint());
        }
    }

    @Override
    public void apply(UnitOfWork unit) {
        RedisUnitEncoder.Encoded encoded;
        try {
            encoded = encoder.encode(unit, storedOffsets);
        } catch (JedisException e) {
            throw RedisErrors.of(e, null, "preparing a unit of " + unit.rowsWritten() + " rows");
        }
        ApplyScript.Reply reply;
        try (Jedis jedis = connections.borrow()) {
            reply = script.run(jedis, keys.offsets(), encoded.args().list());
        } catch (JedisConnectionException e) {
            if (resolvedAsStored(unit)) {
                LOG.warn("The reply of a unit of {} rows was lost ({}), but the store holds its offsets: it was written",
                        unit.rowsWritten(), e.getMessage());
                committed(unit, encoded);
                return;
            }
            throw RedisErrors.of(e, null, "writing a unit of " + unit.rowsWritten() + " rows to " + connections.endpoint());
        } catch (JedisException e) {
            throw RedisErrors.of(e, null, "writing a unit of " + unit.rowsWritten() + " rows to " + connections.endpoint());
        }
        switch (reply.kind()) {
            case ApplyScript.Reply.OK -> committed(unit, encoded);
            case ApplyScript.Reply.APPLIED -> {
                LOG.info("The store already holds the offsets of this unit of {} rows (an earlier attempt wrote it)",
                        unit.rowsWritten());
                committed(unit, encoded);
            }
            case ApplyScript.Reply.FENCED -> throw new StoreException(StoreException.Kind.FENCED, null, "connector partition "
                    + reply.detail(0).substring("epoch:".length()) + ": this task holds epoch " + reply.detail(2)
                    + " but the store has " + (reply.detail(1).isEmpty() ? "none" : "epoch " + reply.detail(1)));
            case ApplyScript.Reply.STALE -> throw new StoreException(StoreException.Kind.FATAL, null, "the stored offset "
                    + reply.detail(0) + " is " + reply.detail(1) + " but this task last stored " + reply.detail(2) + ": an"
                    + " earlier unit's outcome was not known when it was retried. Restart the task: it resumes from the"
                    + " stored offsets and registry, which are consistent");
            case ApplyScript.Reply.WRONGTYPE -> throw wrongType(reply, encoded);
            default -> throw new StoreException(StoreException.Kind.FATAL, null, "apply script replied " + reply.kind()
                    + " " + reply.details());
        }
    }

    private StoreException wrongType(ApplyScript.Reply reply, RedisUnitEncoder.Encoded encoded) {
        int block = Integer.parseInt(reply.detail(0));
        int row = Integer.parseInt(reply.detail(1));
        ColumnarBatch batch = encoded.blocks().get(block);
        String table = encoded.blockTables().get(block);
        var record = batch.recordOf(row);
        return StoreException.rejectedRow(table, batch, row, "table " + table + ", topic " + record.topic() + " partition "
                + record.kafkaPartition() + " offset " + record.kafkaOffset() + ": key " + reply.detail(2) + " holds a "
                + reply.detail(3) + ", not the configured structure", null);
    }

    /** After a lost reply: whether the store holds the unit's offsets (then the script ran to its end). */
    private boolean resolvedAsStored(UnitOfWork unit) {
        if (unit.offsets().isEmpty()) {
            return false;
        }
        try (Jedis jedis = connections.borrow()) {
            for (Map.Entry<TopicPartition, OffsetCommit> entry : unit.offsets().entrySet()) {
                String stored = jedis.hget(keys.offsets(), StateKeys.nextField(entry.getKey()));
                if (stored == null || Long.parseLong(stored) != entry.getValue().nextOffset()) {
                    return false;
                }
            }
            return true;
        } catch (JedisException e) {
            LOG.warn("Could not read the offsets back after a lost reply ({}); the next attempt checks them in its script",
                    e.getMessage());
            return false;
        }
    }

    private void committed(UnitOfWork unit, RedisUnitEncoder.Encoded encoded) {
        encoded.columns().forEach(catalog::committed);
        encoded.registries().forEach(mirror::committed);
        unit.offsets().forEach((partition, commit) -> storedOffsets.put(partition, commit.nextOffset()));
    }

    @Override
    public void close() {
        connections.close();
    }
}
