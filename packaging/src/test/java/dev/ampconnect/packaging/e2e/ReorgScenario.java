package dev.ampconnect.packaging.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.ampconnect.simulator.chain.SyntheticChain;

/**
 * The reorg script every pipeline test runs against {@link PipelineConnectors}' deployment, waiting for every
 * sink to store the head after each step so each reorg hits data the sinks already hold:
 *
 * <ol>
 *   <li>backfill of blocks 0..{@value #INITIAL_HEAD} in 50-block microbatches (the fixture's
 *       {@code maxBlocksPerMicrobatch}), so the last one is exactly 150..199;</li>
 *   <li><b>partial overlap</b>: {@code reorgFrom(175)}, into the middle of that last, already stored microbatch
 *       (checked in the PostgreSQL registry first);</li>
 *   <li><b>deep</b>: {@code reorg(60)}, across more than one backfill microbatch;</li>
 *   <li>two reorgs back to back ({@code reorg(2)}, {@code reorg(5)}) before anything is read;</li>
 *   <li>with {@code extraRounds > 0}: a reorg scheduled while mining (when the head passes it), then
 *       {@code extraRounds} rounds of "mine 1-3 blocks, reorg 1-7 blocks".</li>
 * </ol>
 *
 * The simulator must start with {@code initialHead(INITIAL_HEAD)}.
 */
public final class ReorgScenario {

    /** The head the simulator starts with (see the class comment). */
    public static final long INITIAL_HEAD = 199;

    private static final int[] DEPTHS = {1, 3, 2, 7, 1, 4, 2, 6};

    /** What one run did, for the log and the README. */
    public record Figures(int reorgs, int deepestReorg, long head, int transactionRows, int blockRows,
                          Duration backfill, Duration total) {
        @Override
        public String toString() {
            return "reorgs=" + reorgs + " (deepest " + deepestReorg + " blocks, one partial overlap), head=" + head
                    + ", canonical rows: transactions=" + transactionRows + " blocks=" + blockRows
                    + ", backfill " + backfill.toMillis() + " ms, whole scenario " + total.toMillis() + " ms";
        }
    }

    private ReorgScenario() {
    }

    /** Runs the script (see the class comment) and returns its figures; every sink is at the head at the end. */
    public static Figures run(PipelineExtension pipeline, PipelineConnectors connectors, int extraRounds,
                              Duration stepTimeout) {
        long started = System.nanoTime();
        SyntheticChain chain = pipeline.amp().chain();
        assertEquals(INITIAL_HEAD, chain.head(), "the simulator must start with initialHead(" + INITIAL_HEAD + ")");
        connectors.awaitSinksAtHead(stepTimeout);
        Duration backfill = Duration.ofNanos(System.nanoTime() - started);

        // partial overlap: the last stored microbatch is 150..199; replace 175..199 only
        assertTrue(storedBatches(pipeline).stream().anyMatch(b -> b.get("start_block").equals(150L)
                        && b.get("end_block").equals(199L)),
                () -> "expected microbatch 150..199 in the registry: " + storedBatches(pipeline));
        chain.reorgFrom(175);
        chain.mine(3);
        connectors.awaitSinksAtHead(stepTimeout);

        chain.reorg(60);
        chain.mine(2);
        connectors.awaitSinksAtHead(stepTimeout);

        chain.reorg(2);
        chain.reorg(5);
        chain.mine(1);
        connectors.awaitSinksAtHead(stepTimeout);

        if (extraRounds > 0) {
            chain.scheduleReorg(chain.head() + 3, 4);
            chain.mine(5);
            connectors.awaitSinksAtHead(stepTimeout);
        }
        for (int round = 0; round < extraRounds; round++) {
            chain.mine(1 + round % 3);
            connectors.awaitSinksAtHead(stepTimeout);
            chain.reorg(DEPTHS[round % DEPTHS.length]);
            chain.mine(1);
            connectors.awaitSinksAtHead(stepTimeout);
        }
        int deepest = chain.reorgs().stream().mapToInt(r -> (int) r.depth()).max().orElse(0);
        return new Figures(chain.reorgs().size(), deepest, chain.head(),
                pipeline.amp().canonicalRows(PipelineStream.TRANSACTIONS.table()).size(),
                pipeline.amp().canonicalRows(PipelineStream.BLOCKS.table()).size(),
                backfill, Duration.ofNanos(System.nanoTime() - started));
    }

    /** The PostgreSQL registry's microbatches of the transactions table. */
    private static List<Map<String, Object>> storedBatches(PipelineExtension pipeline) {
        return pipeline.postgres().query("SELECT start_block, end_block FROM amp_sink_batches WHERE connector = ?"
                + " AND table_name = ? ORDER BY start_block", PipelineConnectors.PG_ROWS, PipelineStream.TRANSACTIONS.name());
    }
}
