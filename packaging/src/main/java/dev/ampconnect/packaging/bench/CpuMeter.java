package dev.ampconnect.packaging.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * CPU seconds of the processes a run involves (broker, worker, store, this JVM), read at the start and at the
 * end of a timed part. A process that cannot be read (not Linux, not running here) is left out.
 */
public final class CpuMeter {

    private final Map<String, Long> pids = new LinkedHashMap<>();
    private final Map<String, Boolean> trees = new LinkedHashMap<>();

    /** Adds a process by name; {@code tree}: count its child processes too (a PostgreSQL postmaster's backends). */
    public CpuMeter process(String name, OptionalLong pid, boolean tree) {
        if (pid.isPresent() && ProcessCpu.available()) {
            pids.put(name, pid.getAsLong());
            trees.put(name, tree);
        }
        return this;
    }

    /** CPU seconds of every process now. */
    public Map<String, Double> read() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        pids.forEach((name, pid) -> seconds.put(name, trees.get(name) ? ProcessCpu.treeSeconds(pid) : ProcessCpu.seconds(pid)));
        return seconds;
    }

    /** {@code after - before}, per process. */
    public static Map<String, Double> spent(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> spent = new LinkedHashMap<>();
        after.forEach((name, seconds) -> spent.put(name, seconds - before.getOrDefault(name, 0.0)));
        return spent;
    }
}
