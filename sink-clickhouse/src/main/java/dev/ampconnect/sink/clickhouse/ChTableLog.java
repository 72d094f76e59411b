package dev.ampconnect.sink.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ampconnect.common.range.BlockRange;
import dev.ampconnect.common.sink.store.RegisteredBatch;
import dev.ampconnect.common.sink.store.TableSnapshot;
import dev.ampconnect.common.sink.store.TableState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Per table: its state and batch registry, as rows of the {@link ChStateLog} ({@code state} and {@code batch}).
 * A reader ({@link #load}) keeps the rows at or above the table's newest snapshot, takes per key (the state; a batch
 * range by stream, network and batch id) the row of the highest version, and drops tombstones.
 *
 * <p>A commit marker holds the unit's changes ({@link #changeRows}). Every so often (when the rows written since the
 * last snapshot outnumber twice the live ones) it holds a full snapshot of the table instead
 * ({@link #snapshotRows}), after which the older rows can be deleted ({@link #compact}): the log stays about the
 * size of the live registry whatever the age of the table.
 */
final class ChTableLog {

    /** Rows the log may hold for a table since its last snapshot before the next commit writes one. */
    static final int MIN_ROWS_BEFORE_SNAPSHOT = 256;

    /** A table as the log holds it. */
    record Loaded(TableSnapshot snapshot, int rowsSinceSnapshot, int liveRows) {
    }

    /** A batch range's key in the registry. */
    private record Key(String stream, String network, String batchId) {
    }

    private final ChStateLog log;
    /** Rows written for each loaded table since its last snapshot, and its live rows then. */
    private final Map<String, int[]> growth = new HashMap<>();

    ChTableLog(ChStateLog log) {
        this.log = log;
    }

    /** The table's state and registry, as the commit markers recorded them. */
    Loaded load(String table) {
        List<JsonNode> rows = log.select("kind, epoch, nonce, seq, snapshot, stream, source, session, retired_sessions,"
                        + " last_sequence, pruned_through, batch_id, network, range_index, sequence, start_block, end_block,"
                        + " hash, prev_hash, block_timestamp, rows, complete, batch_session, removed",
                "kind IN ('state', 'batch') AND table_name = {table:String}", Map.of("table", table));
        ChVersion since = ChVersion.ZERO;
        for (JsonNode row : rows) {
            if (row.get("kind").asText().equals(ChStateLog.STATE) && row.get("snapshot").asBoolean()) {
                ChVersion version = version(row);
                if (version.compareTo(since) > 0) {
                    since = version;
                }
            }
        }
        JsonNode state = null;
        ChVersion stateVersion = null;
        Map<Key, JsonNode> batches = new HashMap<>();
        Map<Key, ChVersion> batchVersions = new HashMap<>();
        int counted = 0;
        for (JsonNode row : rows) {
            ChVersion version = version(row);
            if (version.compareTo(since) < 0) {
                continue;
            }
            counted++;
            if (row.get("kind").asText().equals(ChStateLog.STATE)) {
                if (stateVersion == null || version.compareTo(stateVersion) > 0) {
                    state = row;
                    stateVersion = version;
                }
                continue;
            }
            Key key = new Key(row.get("stream").asText(), row.get("network").asText(), row.get("batch_id").asText());
            ChVersion current = batchVersions.get(key);
            if (current == null || version.compareTo(current) > 0) {
                batches.put(key, row);
                batchVersions.put(key, version);
            }
        }
        List<RegisteredBatch> registered = batches(batches.values());
        int live = registered.stream().mapToInt(batch -> batch.ranges().size()).sum() + (state == null ? 0 : 1);
        growth.put(table, new int[] {counted, live});
        return new Loaded(new TableSnapshot(Optional.ofNullable(state).map(ChTableLog::state), registered), counted, live);
    }

    private static ChVersion version(JsonNode row) {
        return new ChVersion(row.get("epoch").asLong(), row.get("nonce").asText(), row.get("seq").asLong());
    }

    private static TableState state(JsonNode row) {
        List<String> retired = new ArrayList<>();
        row.get("retired_sessions").forEach(session -> retired.add(session.asText()));
        Map<String, Long> prunedThrough = new HashMap<>();
        row.get("pruned_through").properties().forEach(entry -> prunedThrough.put(entry.getKey(), entry.getValue().asLong()));
        return new TableState(text(row, "stream"), text(row, "source"), text(row, "session"), retired,
                row.get("last_sequence").asLong(), prunedThrough);
    }

    private static String text(JsonNode row, String column) {
        JsonNode value = row.get(column);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** Live batch rows grouped into batches by sequence, ranges in their original order. */
    private static List<RegisteredBatch> batches(Iterable<JsonNode> rows) {
        Map<Long, List<JsonNode>> bySequence = new TreeMap<>();
        for (JsonNode row : rows) {
            if (!row.get("removed").asBoolean()) {
                bySequence.computeIfAbsent(row.get("sequence").asLong(), s -> new ArrayList<>()).add(row);
            }
        }
        List<RegisteredBatch> batches = new ArrayList<>();
        bySequence.forEach((sequence, ranges) -> {
            ranges.sort(Comparator.comparingInt(r -> r.get("range_index").asInt()));
            JsonNode first = ranges.get(0);
            List<BlockRange> blocks = new ArrayList<>();
            for (JsonNode range : ranges) {
                JsonNode timestamp = range.get("block_timestamp");
                blocks.add(new BlockRange(range.get("network").asText(), range.get("start_block").asLong(),
                        range.get("end_block").asLong(), text(range, "hash"), text(range, "prev_hash"),
                        timestamp == null || timestamp.isNull() ? null : timestamp.asLong()));
            }
            batches.add(new RegisteredBatch(first.get("stream").asText(), first.get("batch_id").asText(), sequence, blocks,
                    first.get("rows").asLong(), first.get("complete").asBoolean(), first.get("batch_session").asText()));
        });
        return batches;
    }

    /** What one unit changes in one table's registry. */
    static final class Changes {
        final List<RegisteredBatch> registered = new ArrayList<>();
        final List<RegisteredBatch> removed = new ArrayList<>();
        TableState state;

        boolean isEmpty() {
            return registered.isEmpty() && removed.isEmpty() && state == null;
        }
    }

    /** Whether the next marker of {@code table} should hold a full snapshot (the table was loaded by this task). */
    boolean snapshotDue(String table) {
        int[] counts = growth.get(table);
        return counts != null && counts[0] >= Math.max(MIN_ROWS_BEFORE_SNAPSHOT, 2 * counts[1]);
    }

    /**
     * The rows of a marker holding {@code changes}: the state (if changed) and, per batch range, its registration or
     * a tombstone. A removal and a registration of one key in one unit: the registration wins when it carries
     * another sequence (the batch was registered again after its old copy was undone), the tombstone otherwise.
     */
    List<ObjectNode> changeRows(String table, ChGeneration generation, ChVersion version, Changes changes) {
        Map<Key, ObjectNode> rows = new LinkedHashMap<>();
        for (RegisteredBatch batch : changes.registered) {
            addBatch(rows, table, generation, version, batch, false);
        }
        for (RegisteredBatch batch : changes.removed) {
            for (BlockRange range : batch.ranges()) {
                ObjectNode registered = rows.get(new Key(batch.stream(), range.network(), batch.batchId()));
                if (registered != null && registered.get("sequence").asLong() != batch.sequence()) {
                    continue;
                }
                rows.remove(new Key(batch.stream(), range.network(), batch.batchId()));
            }
            addBatch(rows, table, generation, version, batch, true);
        }
        List<ObjectNode> marker = new ArrayList<>();
        if (changes.state != null) {
            marker.add(stateRow(table, generation, version, changes.state, false));
        }
        marker.addAll(rows.values());
        return marker;
    }

    private void addBatch(Map<Key, ObjectNode> rows, String table, ChGeneration generation, ChVersion version,
                          RegisteredBatch batch, boolean removed) {
        for (int index = 0; index < batch.ranges().size(); index++) {
            BlockRange range = batch.ranges().get(index);
            Key key = new Key(batch.stream(), range.network(), batch.batchId());
            if (removed && rows.containsKey(key)) {
                continue;
            }
            ObjectNode row = log.row(ChStateLog.BATCH, generation, version);
            row.put("table_name", table);
            row.put("stream", batch.stream());
            row.put("network", range.network());
            row.put("batch_id", batch.batchId());
            row.put("range_index", index);
            row.put("sequence", batch.sequence());
            row.put("start_block", range.start());
            row.put("end_block", range.end());
            row.put("hash", range.hash());
            row.put("prev_hash", range.prevHash());
            if (range.timestamp() != null) {
                row.put("block_timestamp", range.timestamp());
            }
            row.put("rows", batch.rows());
            row.put("complete", batch.complete());
            row.put("batch_session", batch.session());
            row.put("removed", removed);
            rows.put(key, row);
        }
    }

    private ObjectNode stateRow(String table, ChGeneration generation, ChVersion version, TableState state, boolean snapshot) {
        ObjectNode row = log.row(ChStateLog.STATE, generation, version);
        row.put("table_name", table);
        row.put("snapshot", snapshot);
        row.put("stream", state.stream());
        row.put("source", state.source());
        row.put("session", state.session());
        ArrayNode retired = row.putArray("retired_sessions");
        state.retiredSessions().forEach(retired::add);
        row.put("last_sequence", state.lastSequence());
        ObjectNode pruned = row.putObject("pruned_through");
        new TreeMap<>(state.prunedThrough()).forEach(pruned::put);
        return row;
    }

    /**
     * The rows of a marker holding a full snapshot of {@code table}: its registry as the log holds it now with
     * {@code changes} applied, or empty when the table has no state to snapshot.
     */
    List<ObjectNode> snapshotRows(String table, ChGeneration generation, ChVersion version, Changes changes) {
        TableSnapshot current = load(table).snapshot();
        TableState state = changes.state != null ? changes.state : current.state().orElse(null);
        if (state == null) {
            return List.of();
        }
        Map<Long, RegisteredBatch> live = new TreeMap<>();
        current.batches().forEach(batch -> live.put(batch.sequence(), batch));
        for (RegisteredBatch batch : changes.registered) {
            for (Iterator<RegisteredBatch> it = live.values().iterator(); it.hasNext(); ) {
                RegisteredBatch existing = it.next();
                if (existing.stream().equals(batch.stream()) && existing.batchId().equals(batch.batchId())) {
                    it.remove();
                }
            }
            live.put(batch.sequence(), batch);
        }
        changes.removed.forEach(batch -> live.remove(batch.sequence()));
        List<ObjectNode> rows = new ArrayList<>();
        rows.add(stateRow(table, generation, version, state, true));
        Map<Key, ObjectNode> batchRows = new LinkedHashMap<>();
        live.values().forEach(batch -> addBatch(batchRows, table, generation, version, batch, false));
        rows.addAll(batchRows.values());
        return rows;
    }

    /** Counts a stored marker's rows of {@code table}; a snapshot restarts the count. */
    void stored(String table, int rows, boolean snapshot) {
        int[] counts = growth.get(table);
        if (counts == null) {
            return;
        }
        if (snapshot) {
            counts[0] = rows;
            counts[1] = rows;
        } else {
            counts[0] += rows;
        }
    }

    /** Deletes the table's rows below {@code snapshot}, a snapshot this owner stored. */
    void compact(String table, ChVersion snapshot) {
        log.delete("kind IN ('state', 'batch') AND table_name = {table:String}"
                        + " AND (epoch, nonce, seq) < ({epoch:UInt64}, {nonce:String}, {seq:UInt64})",
                Map.of("table", table, "epoch", snapshot.epoch(), "nonce", snapshot.nonce(), "seq", snapshot.seq()));
    }

}
