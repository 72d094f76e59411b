package dev.ampconnect.sink.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ampconnect.common.sink.store.OffsetCommit;
import dev.ampconnect.common.sink.store.PartitionClaim;
import dev.ampconnect.common.sink.store.StoreException;
import dev.ampconnect.common.sink.store.UnitIdentity;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;

/**
 * Per partition: claims (fencing), unit intents and stored offsets, as rows of the {@link ChStateLog}.
 *
 * <p><b>Claim</b> (no compare-and-set on a single ClickHouse server, so: write, then read back). The claimant
 * appends a claim row with the next epoch (above every epoch of the connector) and a random nonce, then reads the
 * partition back: it owns the partition iff its claim is the highest {@code (epoch, nonce)}; two claimants of one
 * epoch are ranked by nonce, and the loser claims again above the winner. The lineage is kept from the previous
 * claim, or new when the partition has none (a first start, or state deleted on purpose).
 *
 * <p><b>Intent first, then check</b> ({@link #begin}): a unit's intent row is appended BEFORE the owner check.
 * A claim reads the partition after its own row landed, so an intent that landed earlier is seen by the claim
 * (the new owner re-forms that unit, with the same identity and dedup tokens), and an intent that landed later is
 * followed by a check that sees the claim (the zombie stops before writing anything). At most one unit of a zombie
 * straddles a claim, and the new owner writes exactly that unit again.
 */
final class ChPartitionLog {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_CLAIM_ATTEMPTS = 5;
    private static final String WHERE_PARTITION = "kind IN ('claim', 'intent', 'offset') AND table_name = ''"
            + " AND topic = {topic:String} AND kafka_partition = {partition:Int32}";

    /**
     * What the log says about one partition, per lineage.
     *
     * @param owner        the highest claim (any lineage), or {@code null}
     * @param ownerLineage the lineage of that claim, or {@code null}
     * @param stored       the stored next offset in the owner's lineage, empty when none
     * @param intent       the newest intent in the owner's lineage, {@code [from, to)}, or {@code null}
     * @param maxEpoch     the highest epoch of any row of the partition (of the connector, when the status was read for a
     *                     claim)
     */
    record Status(ChVersion owner, String ownerLineage, OptionalLong stored, long[] intent, long maxEpoch) {

        boolean ownedBy(ChGeneration generation) {
            return owner != null && owner.sameGeneration(generation.claimVersion());
        }
    }

    private final ChStateLog log;

    ChPartitionLog(ChStateLog log) {
        this.log = log;
    }

    /** Claims {@code partition}: a new epoch that fences every earlier owner from now on. */
    Claimed claim(TopicPartition partition) {
        for (int attempt = 1; attempt <= MAX_CLAIM_ATTEMPTS; attempt++) {
            Status before = status(partition, true);
            long epoch = before.maxEpoch() + 1;
            String lineage = before.ownerLineage() != null ? before.ownerLineage() : UUID.randomUUID().toString();
            ChGeneration generation = new ChGeneration(partition, epoch, nonce(), lineage);
            log.append(List.of(log.row(ChStateLog.CLAIM, generation, generation.claimVersion())));
            Status after = status(partition, false);
            if (after.ownedBy(generation)) {
                return new Claimed(generation, new PartitionClaim(after.stored(), epoch, lineage, pendingEnd(after)));
            }
        }
        throw new StoreException(StoreException.Kind.TRANSIENT, null, "connector " + log.connector() + " partition "
                + partition + ": other tasks kept claiming it while this one did (" + MAX_CLAIM_ATTEMPTS + " attempts)");
    }

    /** A claim won: this task's generation and what the sink base needs. */
    record Claimed(ChGeneration generation, PartitionClaim claim) {
    }

    /** The end of a unit begun but not stored in the owner's lineage (re-formed first), or empty. */
    private static OptionalLong pendingEnd(Status status) {
        long[] intent = status.intent();
        if (intent == null) {
            return OptionalLong.empty();
        }
        OptionalLong stored = status.stored();
        if (stored.isEmpty()) {
            return OptionalLong.of(intent[1]);
        }
        return intent[0] == stored.getAsLong() && intent[1] > stored.getAsLong() ? OptionalLong.of(intent[1])
                : OptionalLong.empty();
    }

    /**
     * Records the unit's intent, then checks that {@code generation} still owns the partition and compares the
     * stored offset with the unit's commit.
     *
     * @return whether the store already holds the unit (its offset is the commit's new one)
     * @throws StoreException FENCED when another task claimed the partition; FATAL when the stored offset is neither
     *                        the expected nor the new one
     */
    boolean begin(ChGeneration generation, UnitIdentity unit, OffsetCommit commit) {
        ObjectNode intent = log.row(ChStateLog.INTENT, generation, generation.nextVersion());
        intent.put("from_offset", unit.fromOffset());
        intent.put("to_offset", unit.toOffset());
        intent.put("unit", unit.toString());
        log.append(List.of(intent));
        return verify(generation, commit);
    }

    /**
     * Checks that {@code generation} still owns the partition and that the stored offset is the commit's previous
     * (or, after a lost reply, its new) one.
     *
     * @return whether the stored offset is already the commit's new one
     */
    private boolean verify(ChGeneration generation, OffsetCommit commit) {
        Status status = owned(generation);
        Long stored = status.stored().isPresent() ? status.stored().getAsLong() : null;
        if (stored != null && stored == commit.nextOffset() && !Objects.equals(stored, commit.previous())) {
            return true;
        }
        if (!Objects.equals(stored, commit.previous())) {
            throw new StoreException(StoreException.Kind.FATAL, null, "connector " + log.connector() + " partition "
                    + generation.partition() + ": the stored offset is " + stored + " but this task expected "
                    + commit.previous() + " (it last stored or planned that) and is about to store " + commit.nextOffset()
                    + "; something else moved it. Restart the task: it resumes from the stored offsets and registry,"
                    + " which are consistent");
        }
        return false;
    }

    /**
     * The partition's status, after checking that {@code generation} still owns it.
     *
     * @throws StoreException FENCED when another task claimed it since
     */
    Status owned(ChGeneration generation) {
        Status status = status(generation.partition(), false);
        if (!status.ownedBy(generation)) {
            throw new StoreException(StoreException.Kind.FENCED, null, "connector " + log.connector() + " partition "
                    + generation.partition() + ": this task holds epoch " + generation.epoch() + " but the store has "
                    + (status.owner() == null ? "no claim" : "epoch " + status.owner().epoch() + " (another task claimed"
                    + " the partition)"));
        }
        return status;
    }

    /** The offset row of a commit marker: {@code nextOffset} at {@code version}. */
    ObjectNode offsetRow(ChGeneration generation, ChVersion version, UnitIdentity unit, long nextOffset) {
        ObjectNode row = log.row(ChStateLog.OFFSET, generation, version);
        row.put("next_offset", nextOffset);
        row.put("unit", unit.toString());
        return row;
    }

    /**
     * Deletes the partition's intent and offset rows below {@code committed} (a marker this owner stored) and the
     * claims of earlier generations. The owner's own claim stays: it is what later checks find.
     */
    void compact(ChGeneration generation, ChVersion committed) {
        log.delete(WHERE_PARTITION + " AND ((kind != 'claim' AND (epoch, nonce, seq) < ({epoch:UInt64}, {nonce:String},"
                        + " {seq:UInt64})) OR (kind = 'claim' AND (epoch, nonce) < ({epoch:UInt64}, {nonce:String})))",
                Map.of("topic", generation.partition().topic(), "partition", generation.partition().partition(),
                        "epoch", committed.epoch(), "nonce", committed.nonce(), "seq", committed.seq()));
    }

    /**
     * What the log holds about {@code partition}; with {@code connectorEpoch}, {@link Status#maxEpoch} is the highest
     * epoch of any row of this connector (epochs only grow, whatever was deleted), read in the same query.
     */
    Status status(TopicPartition partition, boolean connectorEpoch) {
        String columns = "lineage, maxIf(epoch, kind = 'claim') AS claim_epoch,"
                + " argMaxIf(nonce, (epoch, nonce), kind = 'claim') AS claim_nonce, countIf(kind = 'claim') AS claims,"
                + " countIf(kind = 'offset') AS offsets, argMaxIf(next_offset, (epoch, nonce, seq), kind = 'offset') AS stored,"
                + " countIf(kind = 'intent') AS intents,"
                + " argMaxIf(from_offset, (epoch, nonce, seq), kind = 'intent') AS intent_from,"
                + " argMaxIf(to_offset, (epoch, nonce, seq), kind = 'intent') AS intent_to, max(epoch) AS max_epoch";
        String condition = WHERE_PARTITION + " GROUP BY lineage";
        if (connectorEpoch) {
            // one more row, of no claim: the connector's highest epoch (the claim's next epoch is above it)
            condition += " UNION ALL SELECT '' AS lineage, toUInt64(0) AS claim_epoch, '' AS claim_nonce,"
                    + " toUInt64(0) AS claims, toUInt64(0) AS offsets, toInt64(0) AS stored, toUInt64(0) AS intents,"
                    + " toInt64(0) AS intent_from, toInt64(0) AS intent_to, max(epoch) AS max_epoch FROM " + log.qualified()
                    + " WHERE connector = {connector:String}";
        }
        List<JsonNode> rows = log.select(columns, condition,
                Map.of("topic", partition.topic(), "partition", partition.partition()));
        ChVersion owner = null;
        JsonNode ownerRow = null;
        long maxEpoch = 0;
        for (JsonNode row : rows) {
            maxEpoch = Math.max(maxEpoch, row.get("max_epoch").asLong());
            if (row.get("claims").asLong() == 0) {
                continue;
            }
            ChVersion claim = new ChVersion(row.get("claim_epoch").asLong(), row.get("claim_nonce").asText(), 0);
            if (owner == null || claim.compareTo(owner) > 0) {
                owner = claim;
                ownerRow = row;
            }
        }
        if (ownerRow == null) {
            return new Status(null, null, OptionalLong.empty(), null, maxEpoch);
        }
        OptionalLong stored = ownerRow.get("offsets").asLong() > 0 ? OptionalLong.of(ownerRow.get("stored").asLong())
                : OptionalLong.empty();
        long[] intent = ownerRow.get("intents").asLong() > 0
                ? new long[] {ownerRow.get("intent_from").asLong(), ownerRow.get("intent_to").asLong()} : null;
        return new Status(owner, ownerRow.get("lineage").asText(), stored, intent, maxEpoch);
    }

    private static String nonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
