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

    private final ChClient client;

    ChInserter(ChClient client) {
        this.client = client;
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
        Map<String, String> settings = new LinkedHashMap<>();
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
