package dev.ampconnect.packaging.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * End-to-end latencies of the live tail's blocks, each from the moment the simulator produced the block to the
 * moment the sink's store showed it complete, in milliseconds.
 *
 * @param millis every block's latency, sorted
 */
public record LatencyStats(double[] millis) {

    static LatencyStats of(List<Double> latencies) {
        double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return new LatencyStats(sorted);
    }

    /** Blocks measured. */
    public int count() {
        return millis.length;
    }

    /** The {@code q}-quantile (nearest rank), e.g. 0.5 or 0.99. */
    public double quantile(double q) {
        if (millis.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * millis.length);
        return millis[Math.max(0, Math.min(millis.length - 1, rank - 1))];
    }

    /** {@code "median 820 ms, p99 1,450 ms (40 blocks)"}. */
    public String describe() {
        return String.format(Locale.ROOT, "median %,.0f ms, p99 %,.0f ms (%d blocks)", quantile(0.5), quantile(0.99), count());
    }
}
