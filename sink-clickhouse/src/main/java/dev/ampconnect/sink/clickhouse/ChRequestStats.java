package dev.ampconnect.sink.clickhouse;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many HTTP requests one {@link ChClient} sent, and how long they took, per kind ({@code INSERT <table>},
 * {@code SELECT}, {@code DELETE}, …), plus the units committed: what a unit costs in requests. Every request is also
 * logged at DEBUG by {@link ChClient}. Thread-safe (the task thread and the background writer share a client).
 */
final class ChRequestStats {

    /** Requests of one kind: how many, and their total time. */
    record Kind(long count, long nanos) {

        double millisEach() {
            return count == 0 ? 0 : nanos / 1e6 / count;
        }
    }

    private final Map<String, LongAdder[]> kinds = new ConcurrentHashMap<>();
    private final LongAdder units = new LongAdder();

    void record(String kind, long nanos) {
        LongAdder[] counters = kinds.computeIfAbsent(kind, k -> new LongAdder[] {new LongAdder(), new LongAdder()});
        counters[0].increment();
        counters[1].add(nanos);
    }

    void unitCommitted() {
        units.increment();
    }

    /** Units committed through this client. */
    long units() {
        return units.sum();
    }

    /** Requests per kind so far, by kind name. */
    Map<String, Kind> kinds() {
        Map<String, Kind> copy = new TreeMap<>();
        kinds.forEach((kind, counters) -> copy.put(kind, new Kind(counters[0].sum(), counters[1].sum())));
        return copy;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(units() + " units;");
        kinds().forEach((kind, counts) -> text.append(' ').append(kind).append(": ").append(counts.count())
                .append(String.format(" x %.1f ms;", counts.millisEach())));
        return text.toString();
    }
}
