package dev.ampconnect.sink.redis;

import dev.ampconnect.common.arrow.column.ResolvedColumns;
import dev.ampconnect.common.sink.batch.ArrowJson;
import dev.ampconnect.common.sink.batch.BatchSlice;
import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.store.StoreException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.FieldVector;
import org.apache.kafka.connect.sink.SinkRecord;
import redis.clients.jedis.Protocol;

/**
 * Turns the rows of one columnar batch into its part of a unit ({@link UnitParts}): the {@code W} op of the
 * prepare call (row keys grouped by batch sequence, {@code -} for plain rows; set and zset keys with their
 * members; whole stream entries) and the rows' own commands in the configured structure. Rows the store
 * cannot represent (a null key field, a null or NaN score, a row without any non-null column) are rejected
 * here, before anything is sent, naming the row.
 */
final class RowEncoder {

    private static final byte[] PLAIN = {'-'};
    private static final byte[] PX = {'P', 'X'};

    private final RedisLayout layout;

    RowEncoder(RedisLayout layout) {
        this.layout = layout;
    }

    /**
     * Whether a batch's rows can be encoded ahead, on their own ({@link UnitParts#append}): {@code ${row}}
     * hash and string rows, which need neither the script nor the unit's other rows.
     */
    boolean encodesAhead() {
        return layout.keyTemplate().usesRow() && layout.structure().replacesKey();
    }

    /** Adds the rows of {@code batch} (written into {@code table}) to {@code unit}. */
    void encode(String table, ColumnarBatch batch, UnitParts unit) {
        int block = unit.blocks.size();
        unit.blocks.add(batch);
        unit.blockTables.add(table);
        List<FieldVector> vectors = batch.root().getFieldVectors();
        ResolvedColumns resolved = ResolvedColumns.of(batch.root().getSchema());
        ColumnText[] columns = new ColumnText[vectors.size()];
        byte[][] names = new byte[vectors.size()][];
        Map<String, ColumnText> byName = new HashMap<>();
        for (int c = 0; c < columns.length; c++) {
            FieldVector vector = vectors.get(c);
            columns[c] = ColumnText.of(resolved.get(c), vector, layout.binaryFormat());
            names[c] = vector.getName().getBytes(StandardCharsets.UTF_8);
            byName.put(vector.getName(), columns[c]);
        }
        RedisStructure structure = layout.structure();
        requireFields(table, batch, layout.keyTemplate(), byName, RedisSinkConfig.KEY_TEMPLATE);
        if (structure.needsMember()) {
            requireFields(table, batch, layout.memberTemplate(), byName, RedisSinkConfig.MEMBER_TEMPLATE);
        }
        ColumnText score = structure == RedisStructure.ZSET ? scoreColumn(table, batch, byName) : null;
        byte[] ttl = layout.ttlMs() > 0 ? ColumnText.ascii(Long.toString(layout.ttlMs())) : null;

        ScriptArgs prepare = unit.prepare;
        boolean unique = layout.keyTemplate().usesRow();
        // keys of a ${row} template never repeat: logged by plain commands (UniqueKeyLog), no pre-image;
        // only keyed templates send their row keys through the script
        boolean logged = unique && structure.replacesKey();
        int groupsAt = -1;
        if (!logged) {
            prepare.add("W").add(structure.wire()).add(unique ? "1" : "0").add(layout.ttlMs());
            groupsAt = prepare.placeholder();
        }
        int groups = 0;
        int countAt = -1;
        int inGroup = 0;
        Set<ByteBuffer> expiring = new LinkedHashSet<>();
        RowValues values = new RowValues(table.getBytes(StandardCharsets.UTF_8), byName, batch);
        List<BatchSlice> slices = batch.slices();
        int slice = 0;
        byte[] sequence = PLAIN;
        long seq = UnitParts.PLAIN;
        int sliceEnd = batch.isAmp() ? -1 : Integer.MAX_VALUE;
        Long writer = null;
        for (int row = 0; row < batch.rowCount(); row++) {
            boolean newSequence = row == 0;
            while (row >= sliceEnd) {
                BatchSlice current = slices.get(slice++);
                sequence = ColumnText.ascii(Long.toString(current.sequence()));
                seq = current.sequence();
                sliceEnd = current.endRow();
                newSequence = true;
            }
            values.moveTo(row);
            byte[] key = layout.keyTemplate().render(layout.keyPrefix(), values);
            if (key == null) {
                throw reject(table, batch, row, "a field of " + RedisSinkConfig.KEY_TEMPLATE + " '" + layout.keyTemplate()
                        + "' is null, so the row has no key");
            }
            if (logged) {
                unit.uniqueKeys.add(table, seq, key);
            } else if (structure.replacesKey()) {
                // hash and string keys go to the script grouped by sequence: seq count key*count
                if (newSequence) {
                    if (countAt >= 0) {
                        prepare.set(countAt, inGroup);
                    }
                    prepare.add(sequence);
                    countAt = prepare.placeholder();
                    inGroup = 0;
                    groups++;
                }
                // keys of a ${row} template never repeat: only keyed templates need the unit's writers
                writer = unique ? null : unit.writer(key, seq);
                if (unique || keyForScript(table, unit, key, seq, writer)) {
                    prepare.add(key);
                    inGroup++;
                }
            } else {
                prepare.add(sequence).add(key);
                groups++;
            }
            switch (structure) {
                case HASH -> {
                    byte[][] command = fields(table, batch, row, key, columns, names);
                    if (writer != null) {
                        // an earlier row of this unit wrote the hash: empty it, a row replaces the whole hash
                        unit.command(Protocol.Command.DEL, key);
                    }
                    unit.command(Protocol.Command.HSET, command);
                    if (ttl != null) {
                        unit.command(Protocol.Command.PEXPIRE, key, ttl);
                    }
                }
                case STRING -> {
                    if (ttl != null) {
                        unit.command(Protocol.Command.SET, key, json(row, columns), PX, ttl);
                    } else {
                        unit.command(Protocol.Command.SET, key, json(row, columns));
                    }
                }
                case STREAM -> {
                    unit.collectionKey(key, "stream", block, row);
                    byte[][] command = fields(table, batch, row, key, columns, names);
                    prepare.add(command.length / 2);
                    for (int i = 1; i < command.length; i++) {
                        prepare.add(command[i]);
                    }
                }
                case SET -> {
                    unit.collectionKey(key, "set", block, row);
                    byte[] member = member(table, batch, row, values);
                    int flags = expiryFlag(table, unit, key, seq, ttl);
                    if (unit.memberAdder(key, member, seq) == null) {
                        flags |= SCRIPT_MEMBER;
                    }
                    prepare.add(member).add(flags);
                    unit.command(Protocol.Command.SADD, key, member);
                    expiring.add(ByteBuffer.wrap(key));
                }
                case ZSET -> {
                    unit.collectionKey(key, "zset", block, row);
                    byte[] member = member(table, batch, row, values);
                    byte[] scoreText = scoreOf(table, batch, row, score);
                    int flags = expiryFlag(table, unit, key, seq, ttl);
                    UnitParts.Score last = unit.score(key, member, seq, scoreText);
                    if (last == null) {
                        flags |= SCRIPT_MEMBER;
                    } else if (last.sequence() != seq && seq != UnitParts.PLAIN
                            && unit.firstTouch(seq, UnitParts.composite(key, member))) {
                        // the score before this batch is the one an earlier batch of this unit gave
                        unit.command(Protocol.Command.HSETNX, unit.undoKey(table, seq),
                                UnitParts.undoField('z', key, member), last.score());
                    }
                    prepare.add(member).add(flags);
                    unit.command(Protocol.Command.ZADD, key, scoreText, member);
                    expiring.add(ByteBuffer.wrap(key));
                }
                default -> throw new IllegalStateException("unknown structure " + structure);
            }
        }
        if (countAt >= 0) {
            prepare.set(countAt, inGroup);
        }
        if (groupsAt >= 0) {
            prepare.set(groupsAt, groups);
        }
        if (ttl != null) {
            for (ByteBuffer key : expiring) {
                unit.command(Protocol.Command.PEXPIRE, key.array(), ttl);
            }
        }
    }

    /** Set/zset row flag: the script keeps the member's pre-image (membership, score) from the store. */
    private static final int SCRIPT_MEMBER = 1;
    /** Set/zset row flag: the script keeps the key's expiry from the store. */
    private static final int SCRIPT_EXPIRY = 2;

    /**
     * Whether the prepare call keeps the pre-image of a keyed hash or string key for sequence {@code seq}
     * ({@code writer}: the sequence of the previous row of this unit that wrote the key). Not when an earlier
     * row of this unit wrote the key: the same batch (already kept), or another batch, whose value
     * is then copied aside here, in command order, as this batch's pre-image (the prepare call runs before
     * any row command, so it would only see the value from before the unit).
     */
    private static boolean keyForScript(String table, UnitParts unit, byte[] key, long seq, Long writer) {
        if (writer == null) {
            return true;
        }
        if (writer == seq || seq == UnitParts.PLAIN) {
            return false;
        }
        if (writer == UnitParts.PLAIN) {
            // a plain row of this unit wrote it: the script keeps the value from before the unit (README)
            return true;
        }
        if (unit.firstTouch(seq, key)) {
            unit.command(Protocol.Command.COPY, key, unit.preimageKey(table, seq, key), REPLACE);
            unit.command(Protocol.Command.HSET, unit.undoKey(table, seq), UnitParts.undoField('k', key, null), ONE);
        }
        return false;
    }

    /**
     * The expiry flag of a set/zset row: the script keeps the key's expiry on the batch's first touch,
     * unless an earlier row of this unit (of another batch) touched the key, whose write set the TTL: then
     * the undo refreshes the TTL ({@code r<ttl>}).
     */
    private static int expiryFlag(String table, UnitParts unit, byte[] key, long seq, byte[] ttl) {
        Long writer = unit.writer(key, seq);
        if (ttl == null || seq == UnitParts.PLAIN || !unit.firstTouch(seq, key)) {
            return 0;
        }
        if (writer != null && writer != seq) {
            unit.command(Protocol.Command.HSETNX, unit.undoKey(table, seq), UnitParts.undoField('e', key, null),
                    UnitParts.concat(new byte[] {'r'}, ttl));
            return 0;
        }
        return SCRIPT_EXPIRY;
    }

    private static final byte[] REPLACE = ColumnText.ascii("REPLACE");
    private static final byte[] ONE = {'1'};

    /** {@code key field value …} of the row's non-null columns. */
    private static byte[][] fields(String table, ColumnarBatch batch, int row, byte[] key, ColumnText[] columns,
                                   byte[][] names) {
        byte[][] texts = new byte[columns.length][];
        int present = 0;
        for (int c = 0; c < columns.length; c++) {
            texts[c] = columns[c].bytes(row);
            if (texts[c] != null) {
                present++;
            }
        }
        if (present == 0) {
            throw reject(table, batch, row, "every column of the row is null: a Redis hash or stream entry needs at least"
                    + " one field");
        }
        byte[][] command = new byte[1 + 2 * present][];
        command[0] = key;
        int at = 1;
        for (int c = 0; c < columns.length; c++) {
            if (texts[c] != null) {
                command[at++] = names[c];
                command[at++] = texts[c];
            }
        }
        return command;
    }

    private static byte[] json(int row, ColumnText[] columns) {
        StringBuilder out = new StringBuilder(64 + 24 * columns.length);
        out.append('{');
        for (int c = 0; c < columns.length; c++) {
            if (c > 0) {
                out.append(',');
            }
            ArrowJson.appendString(out, columns[c].name);
            out.append(':');
            columns[c].appendJson(out, row);
        }
        out.append('}');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] member(String table, ColumnarBatch batch, int row, RowValues values) {
        byte[] member = layout.memberTemplate().render(new byte[0], values);
        if (member == null) {
            throw reject(table, batch, row, "a field of " + RedisSinkConfig.MEMBER_TEMPLATE + " '" + layout.memberTemplate()
                    + "' is null, so the row has no member");
        }
        return member;
    }

    private ColumnText scoreColumn(String table, ColumnarBatch batch, Map<String, ColumnText> byName) {
        ColumnText score = byName.get(layout.scoreField());
        if (score == null || !score.isNumeric()) {
            throw StoreException.rejectedBatch(table, batch, "table " + table + ": " + RedisSinkConfig.SCORE_FIELD + " '"
                    + layout.scoreField() + "' " + (score == null ? "is not a field of the rows" : "is not numeric")
                    + " (fields: " + byName.keySet() + ")", null);
        }
        return score;
    }

    private static byte[] scoreOf(String table, ColumnarBatch batch, int row, ColumnText score) {
        byte[] text = score.bytes(row);
        if (text == null) {
            throw reject(table, batch, row, "score field " + score.name + " is null");
        }
        if (score.isNaN(row)) {
            throw reject(table, batch, row, "score field " + score.name + " is NaN, which Redis rejects as a score");
        }
        return text;
    }

    private static void requireFields(String table, ColumnarBatch batch, KeyTemplate template,
                                      Map<String, ColumnText> byName, String configKey) {
        for (String field : template.fields()) {
            if (!byName.containsKey(field)) {
                throw StoreException.rejectedBatch(table, batch, "table " + table + ": " + configKey + " '" + template
                        + "' uses ${" + field + "}, which is not a field of the rows (fields: " + byName.keySet() + ")", null);
            }
        }
    }

    static StoreException reject(String table, ColumnarBatch batch, int row, String reason) {
        SinkRecord record = batch.recordOf(row);
        return StoreException.rejectedRow(table, batch, row, "table " + table + ", topic " + record.topic() + " partition "
                + record.kafkaPartition() + " offset " + record.kafkaOffset() + ": " + reason, null);
    }

    /** The placeholder values of the current row. */
    private static final class RowValues implements KeyTemplate.Values {
        private final byte[] table;
        private final Map<String, ColumnText> columns;
        private final ColumnarBatch batch;
        private int row;
        private SinkRecord record;
        private int indexInRecord;

        RowValues(byte[] table, Map<String, ColumnText> columns, ColumnarBatch batch) {
            this.table = table;
            this.columns = columns;
            this.batch = batch;
        }

        void moveTo(int next) {
            row = next;
            SinkRecord current = batch.recordOf(next);
            indexInRecord = current == record ? indexInRecord + 1 : 0;
            record = current;
        }

        @Override
        public byte[] value(String placeholder) {
            if (placeholder.equals(KeyTemplate.TABLE)) {
                return table;
            }
            if (placeholder.equals(KeyTemplate.ROW)) {
                return ColumnText.ascii(record.topic() + ":" + record.kafkaPartition() + ":" + record.kafkaOffset() + ":"
                        + indexInRecord);
            }
            return columns.get(placeholder).bytes(row);
        }
    }
}
