package dev.ampconnect.sink.clickhouse;

import com.clickhouse.client.api.insert.InsertResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes one encoded batch into one table as exactly one INSERT, with every setting that makes it safe to
 * repeat stated on the request rather than left to server or profile defaults:
 * <ul>
 *   <li>{@code async_insert=0}: the rows are in a part when the request returns (chdb, and some server
 *       profiles, default to asynchronous inserts, whose buffered rows a crash loses);</li>
 *   <li>{@code insert_deduplicate=1} and {@code insert_deduplication_token}: a repeat of the same insert with
 *       the same token is dropped by the table (a MergeTree needs {@code non_replicated_deduplication_window},
 *       see {@link ChTableLayout}); the token must identify the unit uniquely, across rewinds and re-created
 *       tables, because a token whose rows were deleted still suppresses a re-insert;</li>
 *   <li>{@code max_insert_block_size} at least the row count: one block, so one part and one token (a split
 *       insert suffixes the token per block, which still deduplicates, but one block is also all-or-nothing);</li>
 *   <li>{@code wait_end_of_query=1}: the server answers after the insert finished, so a failure is an HTTP
 *       error and never a truncated success.</li>
 * </ul>
 */
final class ChInserter {

    /** The settings this class states itself: operator settings may not override them. */
    static final java.util.Set<String> OWN_SETTINGS = java.util.Set.of("async_insert", "insert_deduplicate",
            "insert_deduplication_token", "max_insert_block_size", "wait_end_of_query", "input_format_null_as_default");

    private final ChClient client;
    private final Map<String, String> extraSettings;

    ChInserter(ChClient client) {
        this(client, Map.of());
    }

    /**
     * @param extraSettings further settings for every INSERT (the operator's {@code ch.insert.settings}); none of
     *                      {@link #OWN_SETTINGS}
     */
    ChInserter(ChClient client, Map<String, String> extraSettings) {
        this.client = client;
        for (String name : extraSettings.keySet()) {
            if (OWN_SETTINGS.contains(name)) {
                throw new IllegalArgumentException("insert setting " + name + " is set by the sink itself");
            }
        }
        this.extraSettings = Map.copyOf(extraSettings);
    }

    /**
     * Inserts {@code batch} into {@code table}.
     *
     * @param rows               the batch's row count (sizes the single block)
     * @param deduplicationToken the unit's stable identity for this table, or {@code null} for none
     * @return rows written, as the server reports them in {@code X-ClickHouse-Summary} (a deduplicated repeat
     *         may report its rows too: do not read "deduplicated" from it)
     * @throws RejectedValue when a value cannot be encoded for its column (nothing is inserted)
     */
    long insert(String table, EncodedBatch batch, int rows, String deduplicationToken) throws RejectedValue {
        Map<String, String> settings = new LinkedHashMap<>(extraSettings);
        settings.put("async_insert", "0");
        settings.put("insert_deduplicate", "1");
        if (deduplicationToken != null) {
            settings.put("insert_deduplication_token", deduplicationToken);
        }
        settings.put("max_insert_block_size", Integer.toString(Math.max(rows, 1)));
        settings.put("wait_end_of_query", "1");
        // ArrowStream only: a NULL for a non-Nullable column fails instead of becoming the type's default
        settings.put("input_format_null_as_default", "0");
        RejectedValue[] rejected = new RejectedValue[1];
        InsertResponse response;
        try {
            response = client.insert(table, batch.columns(), out -> {
                try {
                    batch.writeTo(out);
                } catch (RejectedValue e) {
                    rejected[0] = e;
                    // abort the request: the server must not see a truncated body as a complete one
                    throw new IOException("rejected row " + e.row() + ": " + e.getMessage());
                }
            }, batch.format(), settings);
        } catch (RuntimeException e) {
            if (rejected[0] != null) {
                throw rejected[0];
            }
            throw e;
        }
        return response.getWrittenRows();
    }
}
