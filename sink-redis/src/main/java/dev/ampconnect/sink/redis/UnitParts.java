package dev.ampconnect.sink.redis;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.Protocol;

/**
 * One unit of work split into what its MULTI/EXEC runs, in order: the prepare call of the script (per row
 * key: pre-image and undo log; stream rows whole), the rows' own commands (HSET, SET, SADD, ZADD,
 * PEXPIRE), the finish call of the script (registry, undo, pruning, catalog, state, progress, offsets);
 * plus the collection keys whose type the store checks before MULTI.
 */
final class UnitParts {

    /** A command of a row. */
    record RowCommand(Protocol.Command command, byte[][] args) {
    }

    /** Where a collection key first appears, and the type it must have (or be absent). */
    record KeyCheck(String type, int block, int row) {
    }

    final ScriptArgs prepare;
    final ScriptArgs finish;
    /** Row keys of {@code ${row}} templates (never repeated), logged without the script. */
    final UniqueKeyLog uniqueKeys;
    final List<RowCommand> commands;
    final Map<ByteBuffer, KeyCheck> collectionKeys = new LinkedHashMap<>();
    /** The columnar batch of every W op, in order. */
    final List<ColumnarBatch> blocks = new ArrayList<>();
    final List<String> blockTables = new ArrayList<>();
    /** Per key, the sequence of the last row of this unit that wrote it ({@link #PLAIN} for plain rows). */
    private final Map<ByteBuffer, Long> writers = new HashMap<>();
    /** Per set member, the sequence of the first row of this unit that added it. */
    private final Map<ByteBuffer, Long> memberAdders = new HashMap<>();
    /** Per sorted-set member, the sequence and score of the last row of this unit that scored it. */
    private final Map<ByteBuffer, Score> scores = new HashMap<>();
    private final Set<ByteBuffer> touched = new HashSet<>();
    private final byte[] statePrefix;

    /** Sequence of plain rows. */
    static final long PLAIN = -1;

    /** A score a row of sequence {@code sequence} gave. */
    record Score(long sequence, byte[] score) {
    }

    UnitParts(String statePrefix, int expectedCommands) {
        this.statePrefix = statePrefix.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.commands = new ArrayList<>(expectedCommands + 16);
        this.prepare = new ScriptArgs(expectedCommands + 16).add("1").add(statePrefix);
        this.finish = new ScriptArgs(64).add("1").add(statePrefix);
        this.uniqueKeys = new UniqueKeyLog(this::undoKey);
    }

    /**
     * Appends the rows of one batch encoded ahead into {@code batch} (only for {@code ${row}} hash and
     * string rows, whose encoding needs nothing from the rest of the unit: no script args, no writers).
     */
    void append(UnitParts batch) {
        blocks.addAll(batch.blocks);
        blockTables.addAll(batch.blockTables);
        commands.addAll(batch.commands);
        uniqueKeys.addAll(batch.uniqueKeys);
    }

    void command(Protocol.Command command, byte[]... args) {
        commands.add(new RowCommand(command, args));
    }

    /**
     * Records that a row of {@code sequence} writes {@code key}; returns the sequence of the previous row of
     * this unit that wrote it, or {@code null}.
     */
    Long writer(byte[] key, long sequence) {
        return writers.put(ByteBuffer.wrap(key), sequence);
    }

    /** Records that a row of {@code sequence} adds {@code member}; returns the first adder in this unit, or null. */
    Long memberAdder(byte[] key, byte[] member, long sequence) {
        return memberAdders.putIfAbsent(ByteBuffer.wrap(composite(key, member)), sequence);
    }

    /** Records a row's score of {@code member}; returns the previous row's of this unit, or null. */
    Score score(byte[] key, byte[] member, long sequence, byte[] score) {
        return scores.put(ByteBuffer.wrap(composite(key, member)), new Score(sequence, score));
    }

    /** Whether this is the first time in the unit that {@code sequence} touches {@code what}. */
    boolean firstTouch(long sequence, byte[] what) {
        byte[] marker = new byte[what.length + 8];
        java.nio.ByteBuffer.wrap(marker).putLong(sequence).put(what);
        return touched.add(ByteBuffer.wrap(marker));
    }

    static byte[] composite(byte[] key, byte[] member) {
        return java.nio.ByteBuffer.allocate(4 + key.length + member.length).putInt(key.length).put(key).put(member).array();
    }

    /** {@code <prefix>undo:<table>:<sequence>}. */
    byte[] undoKey(String table, long sequence) {
        return concat(statePrefix, ascii("undo:" + table + ":" + sequence));
    }

    /** {@code <prefix>pre:<table>:<sequence>:<key>}. */
    byte[] preimageKey(String table, long sequence, byte[] key) {
        return concat(statePrefix, ascii("pre:" + table + ":" + sequence + ":"), key);
    }

    /** An undo-log field as the script spells it: {@code <kind><key>} or {@code <kind><len>:<key><rest>}. */
    static byte[] undoField(char kind, byte[] key, byte[] rest) {
        if (rest == null) {
            return concat(new byte[] {(byte) kind}, key);
        }
        return concat(new byte[] {(byte) kind}, ascii(key.length + ":"), key, rest);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /** Notes a collection key of block {@code block} (first occurrence wins). */
    void collectionKey(byte[] key, String type, int block, int row) {
        collectionKeys.putIfAbsent(ByteBuffer.wrap(key), new KeyCheck(type, block, row));
    }
}
