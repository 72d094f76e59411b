package dev.ampconnect.benchmarks.postgresql;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;

/**
 * The live heap (what survived the last collection of each heap pool) at checkpoints of a run, to show
 * whether memory grows with the number of rows.
 */
public final class HeapWatch {

    private final List<Long> samples = new ArrayList<>();

    /** Live heap now, in MiB. */
    public static long liveHeapMib() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                used += pool.getCollectionUsage().getUsed();
            }
        }
        return used >> 20;
    }

    public void sample() {
        samples.add(liveHeapMib());
    }

    /** E.g. {@code 210/214/209/212 MiB}. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        for (Long sample : samples) {
            if (text.length() > 0) {
                text.append('/');
            }
            text.append(sample);
        }
        return text + " MiB";
    }
}
