package dev.ampconnect.sink.redis;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.store.OffsetCommit;
import dev.ampconnect.common.sink.store.PartitionClaim;
import dev.ampconnect.common.sink.store.RegisteredBatch;
import dev.ampconnect.common.sink.store.WholeUnitStore;
import dev.ampconnect.common.sink.store.StoreException;
import dev.ampconnect.common.sink.store.TableSnapshot;
import dev.ampconnect.common.sink.store.UnitOfWork;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The Redis store: every unit of work is ONE MULTI/EXEC under WATCH of the connector's offsets key. Before
 * MULTI the task checks its epochs and that the stored offsets are the ones it stored last (fencing and
 * compare-and-set; a claim by another task changes the watched key and aborts the EXEC). Inside, the
 * prepare call of {@code apply-unit.lua} keeps the pre-image of every key the rows overwrite, the rows' own
 * commands follow, and the finish call stores the registry, undoes invalidated batches, prunes, and writes
 * the catalog, table state, progress and the new offsets (exactly-once, sink rules 6 and 7). A unit whose
 * reply is lost is resolved by reading the stored offsets back, so a retry never writes a unit twice.
 */
final class RedisStore implements WholeUnitStore {

    private static final Logger LOG = LoggerFactory.getLogger(RedisStore.class);
    /** Transactions aborted by a change of a watched key before the unit is given back as transient. */
    private static final int WATCH_ATTEMPTS = 5;

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
    public TableSnapshot loadTable(String table, Collection<TopicPartition> partitions) {
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
    public void prepare(String table, ColumnarBatch batch) {
        encoder.encodeAhead(table, batch);
    }

    @Override
    public void apply(UnitOfWork unit) {
        RedisUnitEncoder.Encoded encoded = encoder.encode(unit);
        UnitParts parts = encoded.parts();
        List<TopicPartition> partitions = new ArrayList<>(unit.offsets().keySet());
        try (Jedis jedis = connections.borrow()) {
            for (int attempt = 1; attempt <= WATCH_ATTEMPTS; attempt++) {
                jedis.watch(keys.offsets());
                if (checkOffsets(jedis, unit, partitions)) {
                    jedis.unwatch();
                    LOG.info("The store already holds the offsets of this unit of {} rows (an earlier attempt wrote it)",
                            unit.rowsWritten());
                    committed(unit, encoded);
                    return;
                }
                checkCollectionKeys(jedis, parts);
                Transaction transaction = jedis.multi();
                Response<Object> prepared = parts.prepare.size() > 2
                        ? script.queue(transaction, keys.offsets(), parts.prepare) : null;
                for (UnitParts.RowCommand command : parts.commands) {
                    transaction.sendCommand(command.command(), command.args());
                }
                Response<Object> finished = script.queue(transaction, keys.offsets(), parts.finish);
                List<Object> replies = transaction.exec();
                if (replies == null) {
                    // a watched key changed between WATCH and EXEC (e.g. a claim): nothing ran; the next check says why
                    continue;
                }
                verify(replies, prepared, finished, unit);
                committed(unit, encoded);
                return;
            }
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
        throw new StoreException(StoreException.Kind.TRANSIENT, null, "the keys of a unit for " + partitions + " changed"
                + " during " + WATCH_ATTEMPTS + " attempts to write it, without fencing this task");
    }

    /**
     * The fencing and offset compare-and-set, under WATCH of the offsets key (nothing can change them before
     * EXEC without aborting it).
     *
     * @return true when the store already holds the unit's offsets (an earlier attempt whose reply was lost)
     * @throws StoreException FENCED when another task claimed a partition, FATAL when the stored offsets are
     *                        neither this task's last nor the unit's
     */
    private boolean checkOffsets(Jedis jedis, UnitOfWork unit, List<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return false;
        }
        String[] fields = new String[2 * partitions.size()];
        for (int i = 0; i < partitions.size(); i++) {
            fields[2 * i] = StateKeys.epochField(partitions.get(i));
            fields[2 * i + 1] = StateKeys.nextField(partitions.get(i));
        }
        List<String> stored = jedis.hmget(keys.offsets(), fields);
        int applied = 0;
        for (int i = 0; i < partitions.size(); i++) {
            TopicPartition partition = partitions.get(i);
            OffsetCommit commit = unit.offsets().get(partition);
            String epoch = stored.get(2 * i);
            if (epoch == null || Long.parseLong(epoch) != commit.epoch()) {
                jedis.unwatch();
                throw new StoreException(StoreException.Kind.FENCED, null, "connector partition " + partition
                        + ": this task holds epoch " + commit.epoch() + " but the store has "
                        + (epoch == null ? "none" : "epoch " + epoch));
            }
            Long next = stored.get(2 * i + 1) == null ? null : Long.valueOf(stored.get(2 * i + 1));
            Long expected = storedOffsets.get(partition);
            if (next != null && next == commit.nextOffset()) {
                applied++;
            } else if (!Objects.equals(next, expected)) {
                jedis.unwatch();
                throw new StoreException(StoreException.Kind.FATAL, null, "partition " + partition + ": the stored offset is "
                        + next + " but this task last stored " + expected + ", so an earlier unit's outcome was unknown when"
                        + " it was retried. Restart the task: it resumes from the stored offsets and registry, which are"
                        + " consistent");
            }
        }
        if (applied > 0 && applied < partitions.size()) {
            jedis.unwatch();
            throw new StoreException(StoreException.Kind.FATAL, null, "the store holds the new offsets of only " + applied
                    + " of the partitions " + partitions + " of this unit; restart the task");
        }
        return applied > 0;
    }

    /**
     * Every set, zset or stream key the unit adds to must be absent or of that type, checked (and watched)
     * before MULTI: inside EXEC Redis would run the other commands around a failing one.
     */
    private void checkCollectionKeys(Jedis jedis, UnitParts parts) {
        if (parts.collectionKeys.isEmpty()) {
            return;
        }
        byte[][] names = parts.collectionKeys.keySet().stream().map(ByteBuffer::array).toArray(byte[][]::new);
        jedis.watch(names);
        Pipeline pipeline = jedis.pipelined();
        List<Response<String>> types = new ArrayList<>(names.length);
        for (byte[] key : names) {
            types.add(pipeline.type(key));
        }
        pipeline.sync();
        int i = 0;
        for (UnitParts.KeyCheck check : parts.collectionKeys.values()) {
            String type = types.get(i).get();
            byte[] key = names[i++];
            if (!type.equals("none") && !type.equals(check.type())) {
                jedis.unwatch();
                throw RowEncoder.reject(parts.blockTables.get(check.block()), parts.blocks.get(check.block()), check.row(),
                        "key " + new String(key, StandardCharsets.UTF_8) + " holds a " + type + ", not a " + check.type());
            }
        }
    }

    /** Every command of EXEC must have succeeded; a failure here means the unit was only partly applied. */
    private static void verify(List<Object> replies, Response<Object> prepared, Response<Object> finished, UnitOfWork unit) {
        for (Object reply : replies) {
            if (reply instanceof Exception failure) {
                throw new StoreException(StoreException.Kind.FATAL, null, "a command of a unit of " + unit.rowsWritten()
                        + " rows failed inside its transaction (" + failure.getMessage() + "); Redis ran the others, so"
                        + " the keys of this unit may be partly written. Fix the cause, then restart the task from the"
                        + " stored offsets (the registry names the batches to check)", failure);
            }
        }
        if ((prepared != null && !ApplyScript.succeeded(prepared.get())) || !ApplyScript.succeeded(finished.get())) {
            throw new StoreException(StoreException.Kind.FATAL, null, "the apply script did not succeed: "
                    + (prepared == null ? "" : describe(prepared.get()) + " / ") + describe(finished.get()));
        }
    }

    private static String describe(Object reply) {
        if (reply instanceof List<?> list) {
            return list.stream().map(part -> part instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                    : String.valueOf(part)).toList().toString();
        }
        return String.valueOf(reply);
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
            LOG.warn("Could not read the offsets back after a lost reply ({}); the next attempt compares them before writing",
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
