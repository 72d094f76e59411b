package dev.ampconnect.packaging.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * CPU time of a process from Linux's {@code /proc/<pid>/stat}: user + system time of the process, and of its
 * children (live ones, and those it has reaped: a PostgreSQL postmaster's exited backends), in seconds. Read
 * before and after a run; the difference is what the run cost that process.
 */
public final class ProcessCpu {

    /** Clock ticks per second of {@code /proc} times ({@code getconf CLK_TCK}; 100 on every Linux here). */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessCpu() {
    }

    /** Whether {@code /proc} is there to read (Linux). */
    public static boolean available() {
        return Files.isReadable(Path.of("/proc/self/stat"));
    }

    /** CPU seconds of {@code pid} alone (its threads; not its children). */
    public static double seconds(long pid) {
        Stat stat = stat(pid);
        return stat == null ? 0 : (stat.utime + stat.stime) / TICKS_PER_SECOND;
    }

    /**
     * CPU seconds of {@code pid} and every descendant: each one's own time plus what it recorded for the children
     * it reaped.
     */
    public static double treeSeconds(long pid) {
        Map<Long, List<Long>> children = new HashMap<>();
        Map<Long, Stat> stats = new HashMap<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .forEach(n -> {
                        Stat stat = stat(Long.parseLong(n));
                        if (stat != null) {
                            stats.put(stat.pid, stat);
                            children.computeIfAbsent(stat.ppid, k -> new ArrayList<>()).add(stat.pid);
                        }
                    });
        } catch (IOException e) {
            return 0;
        }
        double ticks = 0;
        List<Long> pending = new ArrayList<>(List.of(pid));
        while (!pending.isEmpty()) {
            long next = pending.remove(pending.size() - 1);
            Stat stat = stats.get(next);
            if (stat != null) {
                ticks += stat.utime + stat.stime + stat.cutime + stat.cstime;
            }
            pending.addAll(children.getOrDefault(next, List.of()));
        }
        return ticks / TICKS_PER_SECOND;
    }

    /** The parent process id of {@code pid}, if it is running. */
    public static OptionalLong parentOf(long pid) {
        Stat stat = stat(pid);
        return stat == null ? OptionalLong.empty() : OptionalLong.of(stat.ppid);
    }

    private record Stat(long pid, long ppid, long utime, long stime, long cutime, long cstime) {
    }

    private static Stat stat(long pid) {
        String line;
        try {
            line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            return null;
        }
        // the command name (field 2) is in parentheses and may hold spaces: fields are counted after its ')'
        String[] f = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
        // f[0] is field 3 (state): ppid is field 4, utime..cstime fields 14..17
        return new Stat(pid, Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
                Long.parseLong(f[14]));
    }
}
