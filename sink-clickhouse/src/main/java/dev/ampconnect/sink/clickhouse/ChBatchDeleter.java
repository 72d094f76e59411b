package dev.ampconnect.sink.clickhouse;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Removes whole batches from a table by their {@code _amp_batch_seq}, with a lightweight {@code DELETE} (rows
 * are masked at once and purged by later merges): one statement per call, consecutive sequences folded into
 * {@code BETWEEN} ranges bound as {@code UInt64} parameters. {@code lightweight_deletes_sync=2} makes the
 * statement return only once the rows are gone for every reader (and every replica).
 */
final class ChBatchDeleter {

    private final ChClient client;

    ChBatchDeleter(ChClient client) {
        this.client = client;
    }

    /** Deletes every row of {@code table} whose batch sequence is in {@code sequences}; no-op when empty. */
    void delete(String table, Collection<Long> sequences) {
        if (sequences.isEmpty()) {
            return;
        }
        List<long[]> ranges = ranges(sequences);
        List<String> conditions = new ArrayList<>();
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (int i = 0; i < ranges.size(); i++) {
            conditions.add(ChIdentifiers.quote(ChTable.SEQUENCE_COLUMN) + " BETWEEN {from" + i + ":UInt64} AND {to" + i
                    + ":UInt64}");
            parameters.put("from" + i, Long.toUnsignedString(ranges.get(i)[0]));
            parameters.put("to" + i, Long.toUnsignedString(ranges.get(i)[1]));
        }
        client.execute("DELETE FROM " + ChIdentifiers.qualified(client.database(), table) + " WHERE "
                + String.join(" OR ", conditions), parameters, Map.of("lightweight_deletes_sync", "2"));
    }

    /** Sorted, distinct sequences as closed ranges of consecutive values. */
    static List<long[]> ranges(Collection<Long> sequences) {
        List<long[]> ranges = new ArrayList<>();
        long[] current = null;
        for (long sequence : new TreeSet<>(sequences)) {
            if (current != null && sequence == current[1] + 1) {
                current[1] = sequence;
            } else {
                current = new long[] {sequence, sequence};
                ranges.add(current);
            }
        }
        return ranges;
    }
}
