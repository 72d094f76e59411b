package dev.ampconnect.benchmarks.postgresql;

import java.lang.management.ManagementFactory;

/**
 * Wall time and CPU time of one timed part: the calling thread's CPU and the whole JVM's (every thread: a sink's
 * background writer, the in-JVM REST catalog, GC). CPU time moves much less than wall time with the other engineers'
 * load on the shared machine (BENCHMARKS.md).
 *
 * @param seconds       wall seconds
 * @param threadSeconds CPU seconds of the thread that started the clock
 * @param jvmSeconds    CPU seconds of the JVM
 */
public record RunTime(double seconds, double threadSeconds, double jvmSeconds) {

    /** A running clock. */
    public static final class Clock {
        private final long wall = System.nanoTime();
        private final long thread = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        private final long jvm = jvmCpuNanos();

        /** The time since this clock started (call on the thread that started it). */
        public RunTime stop() {
            return new RunTime((System.nanoTime() - wall) / 1e9,
                    (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - thread) / 1e9,
                    (jvmCpuNanos() - jvm) / 1e9);
        }
    }

    /** Starts a clock on the calling thread. */
    public static Clock start() {
        return new Clock();
    }

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
