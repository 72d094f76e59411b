package dev.ampconnect.sink.redis;

import dev.ampconnect.common.sink.batch.BatchSlice;
import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Turns the rows of one columnar batch into one {@code W} op of the apply script: per row its batch
 * sequence ({@code -} for plain rows), its key, and its value in the configured structure. Rows the store
 * cannot represent (a null key field, a null or non-finite score, a row without any non-null column) are
 * rejected here, before the script runs, naming the row, so nothing of the unit is written.
 */
final class RowEncoder {

    private static final byte[] PLAIN = {'-'};

    private final RedisLayout layout;

    RowEncoder(RedisLayout layout) {
        this.layout = layout;
    }

    /** Appends the {@code W} op of {@code batch} to {@code args}. */
    void encode(String table, ColumnarBatch batch, ScriptArgs args) {
        List<FieldVector> vectors = batch.root().getFieldVectors();
        ColumnText[] columns = new ColumnText[vectors.size()];
        byte[][] names = new byte[vectors.size()][];
        Map<String, ColumnText> byName = new HashMap<>();
        for (int c = 0; c < columns.length; c++) {
            FieldVector vector = vectors.get(c);
            columns[c] = ColumnText.of(vector.getName(), vector, layout.binaryFormat());
            names[c] = vector.getName().getBytes(StandardCharsets.UTF_8);
            byName.put(vector.getName(), columns[c]);
        }
        requireFields(table, batch, layout.keyTemplate(), byName, RedisSinkConfig.KEY_TEMPLATE);
        if (layout.structure().needsMember()) {
            requireFields(table, batch, layout.memberTemplate(), byName, RedisSinkConfig.MEMBER_TEMPLATE);
        }
        ColumnText score = layout.structure() == RedisStructure.ZSET ? scoreColumn(table, batch, byName) : null;

        RedisStructure structure = layout.structure();
        int rows = batch.rowCount();
        args.add("W").add(structure.wire()).add(layout.keyTemplate().usesRow() ? "1" : "0").add(layout.ttlMs()).add(rows);
        byte[] tableBytes = table.getBytes(StandardCharsets.UTF_8);
        RowValues values = new RowValues(tableBytes, byName, batch);
        List<BatchSlice> slices = batch.slices();
        int slice = 0;
        byte[] sequence = PLAIN;
        int sliceEnd = -1;
        for (int row = 0; row < rows; row++) {
            if (batch.isAmp()) {
                while (row >= sliceEnd) {
                    BatchSlice current = slices.get(slice++);
                    sequence = ColumnText.ascii(Long.toString(current.sequence()));
                    sliceEnd = current.endRow();
                }
            }
            values.moveTo(row);
            byte[] key = layout.keyTemplate().render(layout.keyPrefix(), values);
            if (key == null) {
                throw reject(table, batch, row, "a field of " + RedisSinkConfig.KEY_TEMPLATE + " '" + layout.keyTemplate()
                        + "' is null, so the row has no key");
            }
            args.add(sequence).add(key);
            switch (structure) {
                case HASH, STREAM -> fields(table, batch, row, columns, names, args);
                case STRING -> args.add(json(row, columns));
                case SET -> args.add(member(table, batch, row, values));
                case ZSET -> {
                    args.add(scoreOf(table, batch, row, score));
                    args.add(member(table, batch, row, values));
                }
                default -> throw new IllegalStateException("unknown structure " + structure);
            }
        }
    }

    private static void fields(String table, ColumnarBatch batch, int row, ColumnText[] columns, byte[][] names,
                               ScriptArgs args) {
        int count = args.placeholder();
        int present = 0;
        for (int c = 0; c < columns.length; c++) {
            byte[] value = columns[c].bytes(row);
            if (value != null) {
                args.add(names[c]).add(value);
                present++;
            }
        }
        if (present == 0) {
            throw reject(table, batch, row, "every column of the row is null: a Redis hash or stream entry needs at least"
                    + " one field");
        }
        args.set(count, present);
    }

    private static byte[] json(int row, ColumnText[] columns) {
        StringBuilder out = new StringBuilder(64 + 24 * columns.length);
        out.append('{');
        for (int c = 0; c < columns.length; c++) {
            if (c > 0) {
                out.append(',');
            }
            ColumnText.jsonString(out, columns[c].name);
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
        boolean nan = score.vector instanceof Float8Vector f8 ? Double.isNaN(f8.get(row))
                : score.vector instanceof Float4Vector f4 && Float.isNaN(f4.get(row));
        if (nan) {
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

    private static StoreException reject(String table, ColumnarBatch batch, int row, String reason) {
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
