package dev.ampconnect.sink.redis;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import redis.clients.jedis.Protocol;

/**
 * The undo log of row keys that never repeat (a {@code ${row}} key template: topic, partition, offset and
 * row index are in every key), written by plain commands of the unit instead of the apply script: per
 * batch and 500 keys one {@code HSET <undo> K<first key> <len:key…>}, the script's packed entry format,
 * which an undo deletes in one pass.
 *
 * <p>No pre-image is kept for these keys. A {@code ${row}} key names one row of one Kafka record, so a
 * value already there can only be an earlier copy of that same row (the connector's state was reset, or a
 * unit whose reply was lost is written again); an invalidation of the row's batch must delete it, not
 * bring the copy back. Passing every key through the script made Redis intern each one as a Lua string
 * (and check it with EXISTS): the largest server-side cost of a unit in profiles.
 */
final class UniqueKeyLog {

    /** Keys per packed undo entry (the script's own chunk size). */
    static final int CHUNK = 500;

    private final BiFunction<String, Long, byte[]> undoKeys;
    /** Per table, per batch sequence (amp rows only): the keys, in order. */
    private final Map<String, Map<Long, List<byte[]>>> keys = new LinkedHashMap<>();

    /** @param undoKeys the undo-log key of a table's batch sequence ({@link UnitParts#undoKey}) */
    UniqueKeyLog(BiFunction<String, Long, byte[]> undoKeys) {
        this.undoKeys = undoKeys;
    }

    /** Logs a key a row of batch {@code sequence} writes; plain rows ({@link UnitParts#PLAIN}) have no undo. */
    void add(String table, long sequence, byte[] key) {
        if (sequence != UnitParts.PLAIN) {
            keys.computeIfAbsent(table, t -> new LinkedHashMap<>()).computeIfAbsent(sequence, s -> new ArrayList<>())
                    .add(key);
        }
    }

    /** Appends the keys {@code other} logged, in order. */
    void addAll(UniqueKeyLog other) {
        other.keys.forEach((table, bySequence) -> bySequence.forEach((sequence, list) ->
                keys.computeIfAbsent(table, t -> new LinkedHashMap<>()).computeIfAbsent(sequence, q -> new ArrayList<>())
                        .addAll(list)));
    }

    /** Adds the undo entries to the unit's commands. */
    void writeTo(UnitParts unit) {
        keys.forEach((table, bySequence) -> bySequence.forEach((sequence, list) -> {
            byte[] undo = undoKeys.apply(table, sequence);
            for (int from = 0; from < list.size(); from += CHUNK) {
                List<byte[]> chunk = list.subList(from, Math.min(list.size(), from + CHUNK));
                unit.command(Protocol.Command.HSET, undo, UnitParts.concat(new byte[] {'K'}, chunk.get(0)), packed(chunk));
            }
        }));
        keys.clear();
    }

    /** {@code len:key} for every key, concatenated (lengths in bytes, as Lua's {@code #key}). */
    private static byte[] packed(List<byte[]> keys) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(keys.size() * 48);
        for (byte[] key : keys) {
            out.writeBytes(Integer.toString(key.length).getBytes(StandardCharsets.ISO_8859_1));
            out.write(':');
            out.writeBytes(key);
        }
        return out.toByteArray();
    }
}
