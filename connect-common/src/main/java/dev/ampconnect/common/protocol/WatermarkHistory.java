package dev.ampconnect.common.protocol;

import dev.ampconnect.common.protocol.AmpProtocolException.Violation;
import dev.ampconnect.common.range.BlockRange;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The recent completed microbatches of one stream (their ranges), oldest first: the candidates for a
 * reorg's recovery point (docs/AMP_PROTOCOL.md "Reorg recovery").
 *
 * <p><b>Sized in blocks, not in watermarks.</b> At the chain head a microbatch is 1-2 blocks, during a
 * backfill up to 1000, so a count of watermarks says nothing about how deep a reorg it can recover.
 * The history keeps every watermark within {@code maxDepthBlocks} of the newest one
 * ({@code newest.end - w.end <= maxDepthBlocks}), the newest always, and additionally the newest
 * watermark BELOW that window (the floor): without it, when the window holds no boundary (the newest
 * watermark closes a 1000-block microbatch) a 3-block reorg would find no recovery point. With it, any
 * reorg whose fork point is at most {@code maxDepthBlocks} below the newest watermark is recoverable.
 * With several networks an entry is dropped only when the floor is deep enough on every network.
 *
 * <p><b>A chain.</b> Each added watermark must continue the newest one on every network
 * ({@code start == newest.end + 1} and {@code prev_hash == newest.hash}) or leave that network's range
 * unchanged, and must differ from the newest one. So ends never decrease and a recovery point is well
 * defined.
 *
 * <p><b>Offset form</b> ({@link #toOffsetValue()}, version {@value #OFFSET_FORMAT_VERSION} of the source
 * offset): a JSON-friendly list, oldest first, one map per watermark keyed by network, each value
 * {@code [start, end, hash, prev_hash]} ({@code prev_hash} may be null at block 0), e.g.
 * <pre>[{"ethereum-mainnet":[100,199,"0x…","0x…"]},{"ethereum-mainnet":[200,200,"0x…","0x…"]}]</pre>
 * About 150 bytes per single-network watermark. Timestamps are not stored.
 *
 * <p>Not thread-safe; one stream's task owns it.
 */
public final class WatermarkHistory {

    /** The source offset version ({@code "v"}) whose history has the form {@link #toOffsetValue()} writes. */
    public static final int OFFSET_FORMAT_VERSION = 1;

    private final long maxDepthBlocks;
    private final List<CompletedBatch> entries = new ArrayList<>();

    /** An empty history keeping watermarks {@code maxDepthBlocks} deep ({@code reorg.max.depth.blocks}). */
    public WatermarkHistory(long maxDepthBlocks) {
        if (maxDepthBlocks < 0) {
            throw new IllegalArgumentException("reorg depth in blocks must be >= 0, got " + maxDepthBlocks);
        }
        this.maxDepthBlocks = maxDepthBlocks;
    }

    /** How many blocks below the newest watermark a recovery point is guaranteed to exist. */
    public long maxDepthBlocks() {
        return maxDepthBlocks;
    }

    /**
     * Records a completed microbatch as the newest watermark and drops the ones no longer needed.
     *
     * @return the recorded watermark (timestamps dropped)
     * @throws IllegalArgumentException when the ranges do not continue the newest watermark
     */
    public CompletedBatch add(Collection<BlockRange> ranges) {
        CompletedBatch batch = CompletedBatch.of(ranges);
        if (!entries.isEmpty()) {
            requireContinues(entries.get(entries.size() - 1), batch);
        }
        entries.add(batch);
        prune();
        return batch;
    }

    /** The newest watermark. */
    public Optional<CompletedBatch> latest() {
        return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1));
    }

    /** The oldest watermark still kept. */
    public Optional<CompletedBatch> oldest() {
        return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(0));
    }

    /** The kept watermarks, oldest first. */
    public List<CompletedBatch> entries() {
        return List.copyOf(entries);
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * The recovery point of a reorg whose incoming range starts at {@code incomingStart} on {@code network}:
     * the newest watermark with {@code end < incomingStart}; empty when there is none, i.e. the reorg
     * reaches deeper than the history.
     */
    public Optional<CompletedBatch> recoveryPoint(String network, long incomingStart) {
        return recoveryPoint(Map.of(network, incomingStart));
    }

    /**
     * The recovery point of a reorg on several networks: the newest watermark ending before the incoming
     * start on every given network.
     */
    public Optional<CompletedBatch> recoveryPoint(Map<String, Long> incomingStartByNetwork) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            CompletedBatch candidate = entries.get(i);
            boolean before = incomingStartByNetwork.entrySet().stream()
                    .allMatch(start -> candidate.end(start.getKey()) < start.getValue());
            if (before) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** An independent copy (same depth, same watermarks). */
    public WatermarkHistory copy() {
        WatermarkHistory copy = new WatermarkHistory(maxDepthBlocks);
        copy.entries.addAll(entries);
        return copy;
    }

    /** The JSON-friendly offset form (see the class comment); round-trips through {@link #fromOffsetValue}. */
    public List<Map<String, Object>> toOffsetValue() {
        List<Map<String, Object>> value = new ArrayList<>(entries.size());
        for (CompletedBatch entry : entries) {
            Map<String, Object> byNetwork = new LinkedHashMap<>();
            for (BlockRange range : entry.ranges()) {
                // Arrays.asList: prev_hash may be null, which List.of refuses
                byNetwork.put(range.network(), Arrays.asList(range.start(), range.end(), range.hash(), range.prevHash()));
            }
            value.add(byNetwork);
        }
        return value;
    }

    /**
     * Reads the offset form back, whatever JSON numbers became on the way (Integer, Long, BigInteger),
     * and re-applies {@code maxDepthBlocks} (the configured depth may have changed). {@code null} (an
     * offset without history) is an empty history.
     *
     * @throws AmpProtocolException ({@link Violation#MALFORMED_HISTORY}) naming the bad entry
     */
    public static WatermarkHistory fromOffsetValue(Object value, long maxDepthBlocks) {
        WatermarkHistory history = new WatermarkHistory(maxDepthBlocks);
        if (value == null) {
            return history;
        }
        if (!(value instanceof List<?> list)) {
            throw malformed("must be a list of watermarks", value, null);
        }
        for (int i = 0; i < list.size(); i++) {
            List<BlockRange> ranges = watermark(list.get(i), i, value);
            try {
                history.add(ranges);
            } catch (IllegalArgumentException e) {
                throw malformed("watermark #" + i + " is invalid: " + e.getMessage(), value, e);
            }
        }
        return history;
    }

    /** Drops every watermark newer than {@code recoveryPoint}, which becomes the newest. */
    void dropNewerThan(CompletedBatch recoveryPoint) {
        int index = entries.lastIndexOf(recoveryPoint);
        if (index < 0) {
            throw new IllegalArgumentException("watermark " + recoveryPoint + " is not in the history");
        }
        entries.subList(index + 1, entries.size()).clear();
    }

    /** Forgets every watermark (the stream starts over). */
    void clear() {
        entries.clear();
    }

    private void prune() {
        CompletedBatch newest = entries.get(entries.size() - 1);
        // drop the oldest while the next one alone already reaches maxDepthBlocks below the newest
        while (entries.size() >= 2 && deepEnough(entries.get(1), newest)) {
            entries.remove(0);
        }
    }

    private boolean deepEnough(CompletedBatch floor, CompletedBatch newest) {
        return newest.networks().stream().allMatch(network -> newest.end(network) - floor.end(network) >= maxDepthBlocks);
    }

    private static void requireContinues(CompletedBatch newest, CompletedBatch next) {
        if (!newest.networks().equals(next.networks())) {
            throw new IllegalArgumentException("watermark " + next + " covers other networks than the newest one " + newest);
        }
        if (newest.sameBlocks(next.ranges())) {
            throw new IllegalArgumentException("watermark " + next + " is already the newest one");
        }
        for (BlockRange range : next.ranges()) {
            BlockRange previous = newest.range(range.network());
            boolean unchanged = previous.sameBlocks(range);
            boolean continues = range.start() == previous.end() + 1 && Objects.equals(range.prevHash(), previous.hash());
            if (!unchanged && !continues) {
                throw new IllegalArgumentException("watermark range " + range + " does not continue the newest watermark's "
                        + previous + " (expected start " + (previous.end() + 1) + " and prev_hash " + previous.hash() + ")");
            }
        }
    }

    private static List<BlockRange> watermark(Object element, int index, Object value) {
        if (!(element instanceof Map<?, ?> byNetwork) || byNetwork.isEmpty()) {
            throw malformed("watermark #" + index + " must be a non-empty map network -> [start,end,hash,prev_hash]",
                    value, null);
        }
        List<BlockRange> ranges = new ArrayList<>(byNetwork.size());
        for (Map.Entry<?, ?> entry : byNetwork.entrySet()) {
            String where = "watermark #" + index + " network " + entry.getKey();
            if (!(entry.getKey() instanceof String network) || network.isEmpty()) {
                throw malformed("watermark #" + index + " has a network key that is not a non-empty string", value, null);
            }
            if (!(entry.getValue() instanceof List<?> fields) || fields.size() != 4) {
                throw malformed(where + " must be [start,end,hash,prev_hash]", value, null);
            }
            long start = blockNumber(fields.get(0), where + " start", value);
            long end = blockNumber(fields.get(1), where + " end", value);
            String hash = hash(fields.get(2), false, where + " hash", value);
            String prevHash = hash(fields.get(3), true, where + " prev_hash", value);
            if (end < start) {
                throw malformed(where + " ends (" + end + ") before it starts (" + start + ")", value, null);
            }
            ranges.add(new BlockRange(network, start, end, hash, prevHash));
        }
        return ranges;
    }

    private static long blockNumber(Object field, String what, Object value) {
        long number;
        if (field instanceof Long || field instanceof Integer || field instanceof Short || field instanceof Byte) {
            number = ((Number) field).longValue();
        } else if (field instanceof BigInteger big && big.bitLength() < Long.SIZE) {
            number = big.longValue();
        } else {
            throw malformed(what + " is not an integer", value, null);
        }
        if (number < 0) {
            throw malformed(what + " is negative", value, null);
        }
        return number;
    }

    private static String hash(Object field, boolean optional, String what, Object value) {
        if (field == null && optional) {
            return null;
        }
        if (!(field instanceof String text) || !BlockHashes.isValid(text)) {
            throw malformed(what + " is not " + BlockHashes.describeExpected(), value, null);
        }
        return text;
    }

    private static AmpProtocolException malformed(String problem, Object value, Throwable cause) {
        String message = "stored watermark history " + problem + ": " + AmpProtocolException.quote(String.valueOf(value))
                + ". To start the history afresh, store the offset with the cursor alone (no \"history\" field)";
        return cause == null
                ? new AmpProtocolException(Violation.MALFORMED_HISTORY, message)
                : new AmpProtocolException(Violation.MALFORMED_HISTORY, message, cause);
    }
}
