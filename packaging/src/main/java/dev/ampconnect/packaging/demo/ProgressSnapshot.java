package dev.ampconnect.packaging.demo;

import java.util.Map;
import java.util.Optional;

/**
 * What the demo saw at one moment: the simulator's chain against what PostgreSQL holds.
 *
 * @param elapsedMillis    since the connectors were deployed
 * @param chainHead        the simulator's head block
 * @param reorgs           reorgs the simulator has made so far
 * @param reorgsDetected   {@code reorg} invalidations the source wrote to the {@code blocks} topic: reorgs of
 *                         blocks it had already streamed (earlier ones it never saw)
 * @param reorgsApplied    of those, how many the PostgreSQL sink has applied (below its stored next offset)
 * @param pgBlock          the highest complete block of {@code blocks} in PostgreSQL ({@code amp_sink_progress}),
 *                         -1 before the first one
 * @param rows             rows per table in PostgreSQL
 * @param staleBlocks      complete {@code blocks} rows whose hash is not the canonical one (a reorg not yet applied)
 * @param missingBlocks    block numbers {@code 0..pgBlock} absent from {@code blocks} (must stay 0)
 * @param duplicateBlocks  block numbers present more than once in {@code blocks} (must stay 0)
 * @param redisEntries     entries of the Redis sink's stream key, when Redis runs: the transactions plus one
 *                         {@code _amp_kind=invalidation} entry per reorg that retracted entries (sink-redis README)
 * @param transactionTables what the other table sinks stored of the transactions, by store ({@code Iceberg},
 *                         {@code ClickHouse}): last complete block and rows; empty for a store whose sink has not
 *                         made its table yet
 * @param connectorStates  {@code source} and {@code sink} to the connector's {@code STATE} (task states appended
 *                         when they differ)
 */
public record ProgressSnapshot(long elapsedMillis, long chainHead, int reorgs, int reorgsDetected, int reorgsApplied, long pgBlock,
                               Map<String, Long> rows, long staleBlocks, long missingBlocks, long duplicateBlocks,
                               Optional<Long> redisEntries, Map<String, Optional<TableProgress>> transactionTables,
                               Map<String, String> connectorStates) {

    /** Rows over every PostgreSQL table. */
    public long totalRows() {
        return rows.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Whether PostgreSQL's blocks are exactly the canonical chain up to {@link #pgBlock()}. */
    public boolean matchesChain() {
        return pgBlock >= 0 && staleBlocks == 0 && missingBlocks == 0 && duplicateBlocks == 0;
    }

    /**
     * One terminal line, e.g. {@code [  42s] head 262 | PostgreSQL block 261: 262 blocks, 1048 transactions,
     * 2096 logs, Iceberg block 258: 1036 transactions, net 26 rows/s | reorgs 12, source detected 9, sink applied 9
     * | = canonical chain | source RUNNING, sink RUNNING, iceberg sink RUNNING}.
     *
     * @param rowsPerSecond net rows per second since the previous snapshot (negative while a reorg deletes a
     *                      large microbatch, e.g. the backfill, before its replacement arrives)
     */
    public String line(double rowsPerSecond) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("[%4ds] head %d | PostgreSQL ", elapsedMillis / 1000, chainHead));
        b.append(pgBlock < 0 ? "(no complete microbatch yet)" : "block " + pgBlock).append(": ");
        rows.forEach((table, n) -> b.append(n).append(' ').append(table).append(", "));
        redisEntries.ifPresent(n -> b.append("Redis stream ").append(n).append(" entries, "));
        transactionTables.forEach((store, table) -> b.append(table
                .map(t -> store + (t.lastCompleteBlock() < 0 ? "" : " block " + t.lastCompleteBlock()) + ": "
                        + t.rows() + " transactions, ")
                .orElse(store + ": no table yet, ")));
        b.append(String.format("net %.0f rows/s | reorgs %d, source detected %d, sink applied %d | ", rowsPerSecond,
                reorgs, reorgsDetected, reorgsApplied));
        if (matchesChain()) {
            b.append("= canonical chain");
        } else if (pgBlock >= 0) {
            b.append(String.format("catching up (%d stale, %d missing, %d duplicate blocks)", staleBlocks,
                    missingBlocks, duplicateBlocks));
        } else {
            b.append("waiting for rows");
        }
        b.append(" | ");
        connectorStates.forEach((role, state) -> b.append(role).append(' ').append(state).append(", "));
        b.setLength(b.length() - 2);
        return b.toString();
    }
}
