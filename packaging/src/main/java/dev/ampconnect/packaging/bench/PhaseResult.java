package dev.ampconnect.packaging.bench;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One timed part of a run.
 *
 * @param label      what ran ({@code source alone, arrow})
 * @param rows       rows moved
 * @param seconds    wall time from the connectors' resume to the last row visible (or the source at the head)
 * @param bytes      bytes of the topic on the broker's disk, or 0 when not measured
 * @param cpuSeconds CPU seconds spent per process during the timed part
 * @param heap       the worker's GC log over the timed part
 * @param latency    end-to-end latency of the live tail's blocks, or null when there was none
 * @param note       anything else measured (e.g. the source's rate from record timestamps), or ""
 */
public record PhaseResult(String label, long rows, double seconds, long bytes, Map<String, Double> cpuSeconds,
                          GcLog.Summary heap, LatencyStats latency, String note) {

    public PhaseResult {
        cpuSeconds = Map.copyOf(cpuSeconds);
    }

    public double rowsPerSecond() {
        return rows / seconds;
    }

    public double megabytesPerSecond() {
        return bytes / seconds / 1e6;
    }

    /** CPU seconds per million rows, per process: {@code broker 3.1, worker 9.8, ...}. */
    public String cpuPerMillionRows() {
        return cpuSeconds.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue() * 1e6 / Math.max(1, rows)))
                .collect(Collectors.joining(", "));
    }

    /** A copy with {@code note}. */
    public PhaseResult withNote(String text) {
        return new PhaseResult(label, rows, seconds, bytes, cpuSeconds, heap, latency, text);
    }

    /** One line for logs. */
    public String describe() {
        return String.format(Locale.ROOT, "%s: %,d rows in %.1f s = %,.0f rows/s, %.1f MB/s; CPU s per 1M rows: %s; worker heap: %s%s%s",
                label, rows, seconds, rowsPerSecond(), megabytesPerSecond(), cpuPerMillionRows(),
                heap == null ? "-" : heap.describe(), latency == null ? "" : "; latency " + latency.describe(),
                note.isEmpty() ? "" : "; " + note);
    }
}
