package dev.ampconnect.packaging.demo;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The one-command demo ({@code ./demo.sh}): amp simulator (a block a second, regular reorgs) -> Flight SQL source
 * -> a real Kafka broker and Connect worker -> PostgreSQL sink -> embedded PostgreSQL, and Iceberg sink -> a local
 * Iceberg lake (plus Redis and ClickHouse sinks when those stores are at hand), deployed from the built Hub zips
 * through the Connect REST API, with live progress in the terminal until Ctrl-C or {@code --duration}.
 */
public final class Demo {

    private Demo() {
    }

    /** {@code ./demo.sh [--duration 60s] ...}; see {@link DemoOptions#USAGE}. Exits 0 after an orderly stop. */
    public static void main(String[] args) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(DemoOptions.USAGE);
            System.exit(0);
        }
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        StopSignal stop = new StopSignal().onInterruptAndTerminate();
        int exit = 0;
        try {
            DemoBuild build = DemoBuild.locate(Path.of(System.getProperty("ampconnect.packaging.target", "target")));
            run(options, build, System.out, stop);
        } catch (Exception e) {
            System.err.println("demo failed: " + e);
            e.printStackTrace(System.err);
            exit = 1;
        }
        System.exit(exit);
    }

    /**
     * Starts the stack, prints progress every {@link DemoOptions#progressEvery()} until {@code stop} is requested
     * or {@link DemoOptions#duration()} passes, stops the stack, and returns the last snapshot.
     */
    public static ProgressSnapshot run(DemoOptions options, DemoBuild build, PrintStream out, StopSignal stop)
            throws Exception {
        long t0 = System.nanoTime();
        out.printf("amp-connect demo: Kafka %s from %s, work dir %s%n", build.kafka().version(), build.kafka().home(),
                build.workDir());
        ProgressSnapshot last;
        try (DemoStack stack = DemoStack.start(options, build, out)) {
            out.printf("stack up in %.1f s%n%n", seconds(t0));
            printHowToQuery(stack, build, out);
            last = followProgress(options, stack, out, stop, t0);
            out.printf("%nstopping (%s) ...%n", stop.reason());
        }
        List<String> leftovers = LeftoverProcesses.under(build.workDir());
        if (leftovers.isEmpty()) {
            out.printf("stopped; no broker, worker, PostgreSQL or Redis process left. Last state:%n%s%n", last.line(0));
        } else {
            out.printf("stopped, but processes are still running:%n  %s%n", String.join("\n  ", leftovers));
        }
        return last;
    }

    private static ProgressSnapshot followProgress(DemoOptions options, DemoStack stack, PrintStream out,
                                                   StopSignal stop, long t0) throws InterruptedException {
        try (ProgressProbe probe = new ProgressProbe(stack)) {
            return followProgress(options, probe, out, stop, t0);
        }
    }

    private static ProgressSnapshot followProgress(DemoOptions options, ProgressProbe probe, PrintStream out,
                                                   StopSignal stop, long t0) throws InterruptedException {
        Optional<Long> deadline = options.duration().map(d -> System.nanoTime() + d.toNanos());
        ProgressSnapshot previous = probe.sample();
        boolean firstRowsSeen = false;
        while (true) {
            Duration wait = options.progressEvery();
            if (deadline.isPresent()) {
                long left = deadline.get() - System.nanoTime();
                if (left <= 0) {
                    stop.request("duration " + options.duration().get().toSeconds() + "s reached");
                }
                wait = Duration.ofNanos(Math.max(1, Math.min(wait.toNanos(), left)));
            }
            if (stop.isRequested() || stop.awaitRequest(wait)) {
                return previous;
            }
            ProgressSnapshot now = probe.sample();
            double dt = Math.max(1, now.elapsedMillis() - previous.elapsedMillis()) / 1000.0;
            out.println(now.line((now.totalRows() - previous.totalRows()) / dt));
            if (!firstRowsSeen && now.totalRows() > 0) {
                firstRowsSeen = true;
                out.printf("       first rows in PostgreSQL %.1f s after start%n", seconds(t0));
            }
            previous = now;
        }
    }

    private static void printHowToQuery(DemoStack stack, DemoBuild build, PrintStream out) {
        DemoPostgres pg = stack.postgres();
        out.printf("""
                Query the data while the demo runs (Ctrl-C stops everything):
                  %s                      (password: %s)
                  JDBC: %s  user %s  password %s
                  SELECT block_num, tx_index, encode(tx_hash, 'hex') AS tx_hash, value, _amp_batch_id
                    FROM transactions ORDER BY block_num DESC, tx_index LIMIT 5;
                  SELECT * FROM amp_sink_progress;
                Connect REST API: curl -s '%s/connectors?expand=status'
                Logs: %s
                """, pg.psqlCommand(), DemoPostgres.PASSWORD, pg.jdbcUrl(), DemoPostgres.USER, DemoPostgres.PASSWORD,
                stack.rest().baseUri().toString().replaceAll("/$", ""), build.workDir());
        stack.redis().ifPresent(redis -> out.printf("Redis: %s XREVRANGE %s + - COUNT 2%n", redis.cliCommand(),
                DemoStack.REDIS_KEY));
        stack.iceberg().ifPresent(iceberg -> out.printf("""
                Iceberg: table %s.%s of the JDBC catalog %s (its rows in PostgreSQL table iceberg_tables), warehouse %s
                  SELECT metadata_location FROM iceberg_tables;   -- in psql; then e.g. in DuckDB:
                  SELECT count(*) FROM iceberg_scan('<metadata_location>');
                """, DemoIceberg.NAMESPACE, DemoStack.TRANSACTIONS_TABLE, DemoIceberg.CATALOG,
                iceberg.warehouse().toUri()));
        stack.clickHouse().ifPresent(clickHouse -> out.printf("ClickHouse: %s%n",
                clickHouse.curlCommand("SELECT count() FROM " + DemoStack.TRANSACTIONS_TABLE)));
        out.println();
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
