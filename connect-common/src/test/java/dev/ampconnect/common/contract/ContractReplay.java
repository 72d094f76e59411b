package dev.ampconnect.common.contract;

import dev.ampconnect.common.range.BlockRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.connect.header.Headers;

/**
 * Applies the record contract v1 to a topic's records, in order, the way a correct sink would: data
 * records are collected per microbatch (session + batch id), an invalidation (reorg or rewind) deletes
 * every collected microbatch of its stream and network whose end is {@code >= start_block}, a watermark
 * marks its microbatch complete. What is left is what a sink's table holds. A test helper shared by the
 * source's and the sinks' tests ("does the topic reproduce the canonical chain?").
 *
 * <p>Values are kept as given (a Struct per row, or one Arrow IPC payload per record): the caller decides
 * what a value is. Records without contract headers are kept as plain rows in a batch of their own.
 *
 * @param <V> the type of the record values
 */
public final class ContractReplay<V> {

    /** One consumed record: its headers and its value. */
    public record Entry<V>(Headers headers, V value) {
    }

    /** A microbatch left standing after the replay. */
    public record Batch<V>(String stream, String session, String batchId, List<BlockRange> ranges,
                           List<V> values, boolean complete, Long watermarkRows) {

        /** The last block of the first range. */
        public long end() {
            return ranges.get(0).end();
        }
    }

    private final Map<String, MutableBatch<V>> batches = new LinkedHashMap<>();
    private final List<Invalidation> invalidations = new ArrayList<>();
    private final List<V> plainRows = new ArrayList<>();
    private int records;

    private static final class MutableBatch<V> {
        final AmpRecordMeta first;
        final List<V> values = new ArrayList<>();
        boolean complete;
        Long watermarkRows;

        MutableBatch(AmpRecordMeta first) {
            this.first = first;
        }
    }

    private ContractReplay() {
    }

    /** Replays {@code entries} in order. Control values may be Structs, JSON bytes/text or maps. */
    public static <V> ContractReplay<V> apply(List<Entry<V>> entries) {
        ContractReplay<V> replay = new ContractReplay<>();
        entries.forEach(replay::accept);
        return replay;
    }

    private void accept(Entry<V> entry) {
        records++;
        Optional<AmpRecordMeta> parsed = ContractParser.parse(entry.headers());
        if (parsed.isEmpty()) {
            plainRows.add(entry.value());
            return;
        }
        AmpRecordMeta meta = parsed.get();
        switch (meta.kind()) {
            case DATA -> batches.computeIfAbsent(key(meta), k -> new MutableBatch<>(meta)).values.add(entry.value());
            case WATERMARK -> {
                MutableBatch<V> batch = batches.computeIfAbsent(key(meta), k -> new MutableBatch<>(meta));
                batch.complete = true;
                batch.watermarkRows = ControlSchemas.watermark(entry.value()).rows();
            }
            case INVALIDATION -> {
                Invalidation invalidation = ControlSchemas.invalidation(entry.value());
                invalidations.add(invalidation);
                batches.values().removeIf(batch -> batch.first.stream().equals(invalidation.stream())
                        && batch.first.ranges().stream().anyMatch(invalidation::deletes));
            }
            default -> throw new IllegalStateException("unknown kind " + meta.kind());
        }
    }

    private static String key(AmpRecordMeta meta) {
        return meta.stream() + "/" + meta.session() + "/" + meta.batchId();
    }

    /** The microbatches left standing, in arrival order. */
    public List<Batch<V>> batches() {
        List<Batch<V>> result = new ArrayList<>();
        for (MutableBatch<V> batch : batches.values()) {
            result.add(new Batch<>(batch.first.stream(), batch.first.session(), batch.first.batchId(),
                    batch.first.ranges(), List.copyOf(batch.values), batch.complete, batch.watermarkRows));
        }
        return result;
    }

    /** The data values left standing, in arrival order (complete and incomplete microbatches). */
    public List<V> values() {
        List<V> values = new ArrayList<>();
        batches.values().forEach(batch -> values.addAll(batch.values));
        return values;
    }

    /** The data values of complete microbatches only (what a reader hiding incomplete batches sees). */
    public List<V> completeValues() {
        List<V> values = new ArrayList<>();
        batches.values().stream().filter(batch -> batch.complete).forEach(batch -> values.addAll(batch.values));
        return values;
    }

    /** Every invalidation seen, in order. */
    public List<Invalidation> invalidations() {
        return List.copyOf(invalidations);
    }

    /** Values of records without contract headers. */
    public List<V> plainValues() {
        return List.copyOf(plainRows);
    }

    /** How many records were replayed. */
    public int records() {
        return records;
    }

    @Override
    public String toString() {
        return "ContractReplay[" + records + " records, " + batches.size() + " batches standing, "
                + invalidations.size() + " invalidations]";
    }

    /** Equality helper for tests comparing two replays' standing batch ids. */
    public List<String> batchIds() {
        return batches.values().stream().map(batch -> Objects.requireNonNull(batch.first.batchId())).toList();
    }
}
