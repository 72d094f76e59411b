package dev.ampconnect.packaging.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.ampconnect.packaging.demo.Demo;
import dev.ampconnect.packaging.demo.DemoBuild;
import dev.ampconnect.packaging.demo.DemoOptions;
import dev.ampconnect.packaging.demo.LeftoverProcesses;
import dev.ampconnect.packaging.demo.ProgressSnapshot;
import dev.ampconnect.packaging.demo.StopSignal;
import dev.ampconnect.packaging.demo.TableProgress;
import org.junit.jupiter.api.Test;

/**
 * The one-command demo ({@code ./demo.sh}) end to end, as its main runs it, for a short time with fast blocks
 * and frequent reorgs: rows and reorgs reach PostgreSQL through the real broker and worker, the transactions reach
 * the Iceberg table (JDBC catalog, local warehouse: always) and ClickHouse (when one is at hand), the printed
 * progress says so, and the orderly stop leaves no process behind.
 */
class DemoIT {

    @Test
    void theDemoStreamsRowsAndReorgsIntoPostgresAndIcebergAndStopsWithoutLeftovers() throws Exception {
        Path work = BuildOutputs.workDir(DemoIT.class);
        DemoBuild build = new DemoBuild(BuildOutputs.kafka(), BuildOutputs.hubZips(), work);
        DemoOptions options = new DemoOptions(Optional.of(Duration.ofSeconds(25)), Duration.ofMillis(300), 50, 5, 2,
                Duration.ofSeconds(1), true, true, true);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ProgressSnapshot last;
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            last = Demo.run(options, build, out, new StopSignal());
        } finally {
            System.out.print(captured.toString(StandardCharsets.UTF_8));
        }
        String printed = captured.toString(StandardCharsets.UTF_8);

        assertTrue(last.rows().get("transactions") > 0 && last.rows().get("logs") > 0,
                "rows must reach every PostgreSQL table: " + last.rows());
        assertTrue(last.pgBlock() > options.initialHead(), "the sink must follow the head past the backfill: " + last);
        assertTrue(last.reorgsApplied() >= 3, "the sink must have applied several reorg invalidations: " + last);
        assertEquals(0, last.duplicateBlocks(), "a reorg must replace blocks, not add them: " + last);
        assertTrue(last.connectorStates().keySet().containsAll(List.of("source", "sink"))
                && last.connectorStates().values().stream().allMatch("RUNNING"::equals),
                "every connector must be RUNNING: " + last.connectorStates());
        last.redisEntries().ifPresent(entries -> assertTrue(entries >= last.rows().get("transactions") / 2,
                "with redis-server on PATH, transactions must reach the Redis stream too: " + last));
        TableProgress iceberg = last.transactionTables().get("Iceberg").orElseThrow(
                () -> new AssertionError("the Iceberg sink must have created its table: " + last));
        assertTrue(iceberg.rows() > 0 && iceberg.lastCompleteBlock() > options.initialHead(),
                "the Iceberg table must follow the head past the backfill: " + last);
        assertTrue(printed.contains("Iceberg block "), "the progress must show the Iceberg table");
        if (last.transactionTables().containsKey("ClickHouse")) {
            TableProgress clickHouse = last.transactionTables().get("ClickHouse").orElseThrow(
                    () -> new AssertionError("the ClickHouse sink must have created its table: " + last));
            assertTrue(clickHouse.rows() > 0 && clickHouse.lastCompleteBlock() > options.initialHead(),
                    "the ClickHouse table must follow the head past the backfill: " + last);
        }
        assertTrue(printed.contains("= canonical chain"), "the progress must show PostgreSQL equal to the chain");
        assertTrue(printed.contains("sink applied " + last.reorgsApplied()), "the progress must report the reorgs");
        assertTrue(printed.contains("psql -h localhost -p "), "the demo must say how to query the data");
        assertEquals(List.of(), LeftoverProcesses.under(work), "processes left after the demo stopped");
    }
}
