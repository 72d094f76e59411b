package dev.ampconnect.common.protocol;

import dev.ampconnect.common.contract.Invalidation;
import dev.ampconnect.common.protocol.AmpProtocolException.Violation;
import dev.ampconnect.common.protocol.ResumeCursor.Position;
import dev.ampconnect.common.protocol.StreamEvent.NextBatch;
import dev.ampconnect.common.protocol.StreamEvent.Reorg;
import dev.ampconnect.common.protocol.StreamEvent.SameBatch;
import dev.ampconnect.common.protocol.StreamRules.Step;
import dev.ampconnect.common.range.BlockRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The reorg detector and stream validator of one stream (docs/AMP_PROTOCOL.md "Reorgs" and "Reorg
 * recovery"). Feed it the ranges of EVERY FlightData message in order — data pieces, keep-alives, the
 * empty {@code ranges_complete} watermark batch — through {@link #validate}; it answers with a
 * {@link StreamEvent} or throws an {@link AmpProtocolException}. Call {@link #markComplete} for each
 * {@code ranges_complete:true} message after validating it. The rules and decisions are documented in
 * the package comment.
 *
 * <p>Typical use by the source task:
 * <pre>{@code
 * StreamEvent event = validator.validate(meta.ranges());
 * if (event instanceof Reorg reorg) { emit reorg.invalidations(); store offset(validator.cursor(), validator.history());
 *                                     if (!reorg.acceptIncoming()) { reconnect(reorg.resumeCursor()); continue; } }
 * boolean emitRows = !(event instanceof SameBatch same && same.alreadyComplete());
 * ...
 * if (meta.rangesComplete() && validator.markComplete(meta.ranges())) { emit watermark; store offset(...); }
 * }</pre>
 *
 * <p>Not thread-safe; one stream's task owns it.
 */
public final class StreamValidator {

    private final String stream;
    private final WatermarkHistory history;
    /** Ranges of the microbatch the last message belonged to, by network; null when unknown. */
    private Map<String, BlockRange> current;
    /** Whether {@link #current}'s watermark has been recorded. */
    private boolean currentComplete;
    /** Per network, end block and hash of the last message's range (or of the seed cursor); empty at stream start. */
    private Map<String, Position> tips = Map.of();
    /** A cursor seeded without history, until the first watermark is recorded. */
    private ResumeCursor seedCursor;
    /** First block per network of a stream begun without a cursor: the floor of a "start over" recovery. */
    private Map<String, Long> origin;
    /** The cursor just sent with amp-resume; the next message is checked against it, then it is cleared. */
    private ResumeCursor pendingResume;

    private StreamValidator(String stream, WatermarkHistory history) {
        this.stream = Objects.requireNonNull(stream, "stream");
        this.history = history;
    }

    /** A validator for a stream started without {@code amp-resume} (no stored offset). */
    public static StreamValidator fromStart(String stream, long maxDepthBlocks) {
        return new StreamValidator(stream, new WatermarkHistory(maxDepthBlocks));
    }

    /**
     * A validator for a stream resumed with {@code amp-resume} = {@code cursor}, seeded with the stored
     * history (copied; its depth is the one used from now on). A reorg that happened while the client was
     * down then shows up as a backwards jump on the first message, and a server that ignored the cursor
     * (restarting at block 0 or before the oldest watermark) is detected.
     *
     * <p>The cursor must be one of the history's watermarks (normally the newest; newer ones are dropped,
     * which lets an operator rewind to a stored watermark), or the history must be empty.
     *
     * @throws AmpProtocolException ({@link Violation#INCONSISTENT_OFFSET}) when cursor and history disagree
     */
    public static StreamValidator resumeFrom(String stream, ResumeCursor cursor, WatermarkHistory history) {
        Objects.requireNonNull(cursor, "cursor");
        StreamValidator validator = new StreamValidator(stream, history.copy());
        if (history.isEmpty()) {
            validator.seedCursor = cursor;
            validator.tips = cursor.positions();
            validator.current = null;
            validator.pendingResume = cursor;
            return validator;
        }
        List<CompletedBatch> entries = history.entries();
        CompletedBatch matching = null;
        for (int i = entries.size() - 1; i >= 0 && matching == null; i--) {
            if (entries.get(i).cursor().equals(cursor)) {
                matching = entries.get(i);
            }
        }
        if (matching == null) {
            throw new AmpProtocolException(Violation.INCONSISTENT_OFFSET, "stream '" + stream + "': the stored cursor "
                    + cursor.toHeaderValue() + " is none of the stored history's watermarks (newest: "
                    + history.latest().orElseThrow() + "). When rewinding the offset to a block that is not a stored "
                    + "watermark, store the cursor alone (no \"history\" field).");
        }
        validator.history.dropNewerThan(matching);
        validator.restAt(matching);
        CompletedBatch oldest = validator.history.oldest().orElseThrow();
        if (oldest.ranges().stream().allMatch(range -> range.start() == 0)) {
            // the history still reaches genesis: starting over from block 0 is a valid recovery
            Map<String, Long> genesis = new LinkedHashMap<>();
            oldest.networks().forEach(network -> genesis.put(network, 0L));
            validator.origin = genesis;
        }
        return validator;
    }

    /** The stream's name, as used in messages. */
    public String stream() {
        return stream;
    }

    /**
     * Validates the ranges of the next FlightData message and says what it means.
     *
     * @throws AmpProtocolException when the message breaks a protocol rule or the reorg is unrecoverable
     */
    public StreamEvent validate(List<BlockRange> ranges) {
        Map<String, BlockRange> incoming = StreamRules.requireRanges(stream, ranges);
        for (BlockRange range : incoming.values()) {
            StreamRules.requireHashes(stream, range);
            StreamRules.requireParentUnlessGenesis(stream, range);
        }
        if (tips.isEmpty()) {
            origin = starts(incoming);
            begin(incoming);
            return new NextBatch(ranges, true);
        }
        StreamRules.requireSameNetworks(stream, tips.keySet(), incoming);
        ResumeCursor resumeJustSent = pendingResume;
        pendingResume = null;
        if (resumeJustSent != null) {
            StreamRules.requireResumeHonoured(stream, resumeJustSent, history, incoming);
        }
        if (current != null && StreamRules.sameBlocks(current, incoming)) {
            return new SameBatch(ranges, currentComplete);
        }
        Set<String> backwards = new LinkedHashSet<>();
        for (BlockRange range : incoming.values()) {
            BlockRange previousRange = current == null ? null : current.get(range.network());
            if (StreamRules.step(stream, tips.get(range.network()), previousRange, range) == Step.BACKWARDS) {
                backwards.add(range.network());
            }
        }
        if (backwards.isEmpty()) {
            StreamRules.requireWatermark(stream, current, currentComplete, incoming);
            begin(incoming);
            return new NextBatch(ranges, false);
        }
        return reorg(ranges, incoming, backwards, resumeJustSent);
    }

    /**
     * Records the current microbatch's watermark (call on {@code ranges_complete:true}, after
     * {@link #validate} accepted the message).
     *
     * @return {@code true} when recorded now; {@code false} when this microbatch was already complete
     *         (a repeated watermark: emit nothing)
     * @throws IllegalStateException when {@code ranges} are not the current microbatch's
     */
    public boolean markComplete(List<BlockRange> ranges) {
        Map<String, BlockRange> completed = new LinkedHashMap<>();
        ranges.forEach(range -> completed.put(range.network(), range));
        if (current == null || !StreamRules.sameBlocks(current, completed)) {
            throw new IllegalStateException("stream '" + stream + "': markComplete(" + ranges + ") but the current "
                    + "microbatch is " + (current == null ? "none" : current.values()) + "; validate() every message first");
        }
        if (currentComplete) {
            return false;
        }
        history.add(current.values());
        currentComplete = true;
        seedCursor = null;
        return true;
    }

    /**
     * The cursor to resume from and to store in the source offset: the newest watermark's (or the seed
     * cursor before the first watermark); empty when the stream has no watermark yet (start from the beginning).
     */
    public Optional<ResumeCursor> cursor() {
        Optional<ResumeCursor> latest = history.latest().map(CompletedBatch::cursor);
        return latest.isPresent() ? latest : Optional.ofNullable(seedCursor);
    }

    /** A copy of the watermark history, for the source offset. */
    public WatermarkHistory history() {
        return history.copy();
    }

    /**
     * Prepares for a reconnect (after a transient error, or after a {@link Reorg} that was not accepted —
     * there it is already done): forgets the microbatch in progress; the next message is expected to
     * continue from {@link #cursor()}, and is checked for an ignored resume.
     *
     * @return the cursor to send as {@code amp-resume}; empty means reconnect without one (start over)
     */
    public Optional<ResumeCursor> reconnect() {
        Optional<CompletedBatch> latest = history.latest();
        if (latest.isPresent()) {
            restAt(latest.get());
        } else if (seedCursor != null) {
            current = null;
            tips = seedCursor.positions();
            pendingResume = seedCursor;
        } else {
            startOver();
        }
        return cursor();
    }

    private Reorg reorg(List<BlockRange> ranges, Map<String, BlockRange> incoming, Set<String> backwards,
                        ResumeCursor resumeJustSent) {
        Map<String, Long> backwardStarts = new LinkedHashMap<>();
        backwards.forEach(network -> backwardStarts.put(network, incoming.get(network).start()));
        Map<String, Position> previous = tips;
        Optional<CompletedBatch> recovery = history.recoveryPoint(backwardStarts);
        if (recovery.isPresent()) {
            CompletedBatch point = recovery.get();
            history.dropNewerThan(point);
            List<Invalidation> invalidations = new ArrayList<>();
            boolean accept = true;
            for (BlockRange range : incoming.values()) {
                BlockRange boundary = point.range(range.network());
                addInvalidation(invalidations, range.network(), boundary.end() + 1,
                        Math.max(range.end(), previous.get(range.network()).number()));
                accept &= StreamRules.continues(boundary, range) || boundary.sameBlocks(range);
            }
            if (accept) {
                begin(incoming);
            } else {
                restAt(point);
            }
            return new Reorg(ranges, invalidations, recovery, accept);
        }
        if (originStillKnown()) {
            // nothing before the origin was ever delivered: start the stream over
            history.clear();
            boolean incomingStartsTheStream = incoming.values().stream()
                    .allMatch(range -> range.start() <= origin.get(range.network()));
            List<Invalidation> invalidations = new ArrayList<>();
            for (BlockRange range : incoming.values()) {
                addInvalidation(invalidations, range.network(), Math.min(range.start(), origin.get(range.network())),
                        Math.max(range.end(), previous.get(range.network()).number()));
            }
            if (incomingStartsTheStream) {
                origin = starts(incoming);
                begin(incoming);
            } else {
                startOver();
            }
            return new Reorg(ranges, invalidations, Optional.empty(), incomingStartsTheStream);
        }
        throw StreamRules.reorgDeeperThanHistory(stream, previous, incoming, backwards, history, resumeJustSent);
    }

    /**
     * Whether the stream's beginning is still a valid recovery point: known (a stream begun without a
     * cursor, or a history reaching block 0), and not yet pruned from the history.
     */
    private boolean originStillKnown() {
        if (origin == null) {
            return false;
        }
        Optional<CompletedBatch> oldest = history.oldest();
        return oldest.isEmpty() || oldest.get().ranges().stream()
                .allMatch(range -> origin.containsKey(range.network()) && range.start() == origin.get(range.network()));
    }

    private void addInvalidation(List<Invalidation> invalidations, String network, long start, long end) {
        // a network whose range did not move since the recovery point has nothing to invalidate
        if (start <= end) {
            invalidations.add(Invalidation.reorg(stream, network, start, end));
        }
    }

    private void begin(Map<String, BlockRange> incoming) {
        current = new LinkedHashMap<>(incoming);
        currentComplete = false;
        tips = positions(incoming);
    }

    private void restAt(CompletedBatch watermark) {
        Map<String, BlockRange> ranges = new LinkedHashMap<>();
        watermark.ranges().forEach(range -> ranges.put(range.network(), range));
        current = ranges;
        currentComplete = true;
        tips = positions(ranges);
        seedCursor = null;
        pendingResume = watermark.cursor();
    }

    private void startOver() {
        current = null;
        currentComplete = false;
        tips = Map.of();
        seedCursor = null;
        origin = null;
        pendingResume = null;
    }

    private static Map<String, Position> positions(Map<String, BlockRange> ranges) {
        Map<String, Position> positions = new LinkedHashMap<>();
        ranges.forEach((network, range) -> positions.put(network, new Position(range.end(), range.hash())));
        return positions;
    }

    private static Map<String, Long> starts(Map<String, BlockRange> ranges) {
        Map<String, Long> starts = new LinkedHashMap<>();
        ranges.forEach((network, range) -> starts.put(network, range.start()));
        return starts;
    }
}
