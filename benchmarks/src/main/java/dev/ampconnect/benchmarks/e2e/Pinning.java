package dev.ampconnect.benchmarks.e2e;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Pins processes to CPUs with Linux {@code taskset -a -p -c} (every thread of the process; threads it starts later
 * inherit the mask), so the worker can run on cores of its own while the broker, the store and the simulator share
 * the others.
 */
final class Pinning {

    private Pinning() {
    }

    /** Pins {@code pid} (and, with {@code tree}, its child processes, e.g. PostgreSQL's backends) to {@code cpus}. */
    static void pin(long pid, String cpus, boolean tree) {
        if (cpus == null || cpus.isBlank()) {
            return;
        }
        List<Long> pids = new ArrayList<>(List.of(pid));
        if (tree) {
            ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
        }
        for (long target : pids) {
            run("taskset", "-a", "-p", "-c", cpus, Long.toString(target));
        }
    }

    private static void run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running taskset", e);
        }
    }
}
