package dev.ampconnect.common.protocol;

import dev.ampconnect.common.protocol.AmpProtocolException.Violation;
import dev.ampconnect.common.protocol.ResumeCursor.Position;
import dev.ampconnect.common.range.BlockRange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules of docs/AMP_PROTOCOL.md, one function each, pure: {@link StreamValidator} holds the state and
 * decides in which order they apply. Each rule throws an {@link AmpProtocolException} whose message
 * names the stream, the network, the previous and incoming ranges, and what the user can do.
 */
final class StreamRules {

    /** How one network's incoming range relates to the previous one. */
    enum Step {
        /** Identical to the previous range (same blocks and hashes). */
        UNCHANGED,
        /** {@code start == prev.end + 1} and {@code prev_hash == prev.hash}. */
        NEXT,
        /** {@code start <= prev.end}: a jump back, i.e. a reorg. */
        BACKWARDS
    }

    private StreamRules() {
    }

    /** A message has at least one range and at most one per network; returns them keyed by network, in order. */
    static Map<String, BlockRange> requireRanges(String stream, List<BlockRange> ranges) {
        if (ranges == null || ranges.isEmpty()) {
            throw new AmpProtocolException(Violation.EMPTY_RANGES, "stream '" + stream + "': a message carried no block "
                    + "ranges, but every message of a streaming response names the range it belongs to. Check that the "
                    + "query is sent as a streaming query (call header amp-stream: true).");
        }
        Map<String, BlockRange> byNetwork = new LinkedHashMap<>();
        for (BlockRange range : ranges) {
            if (byNetwork.put(range.network(), range) != null) {
                throw new AmpProtocolException(Violation.DUPLICATE_NETWORK, "stream '" + stream + "': network '"
                        + range.network() + "' appears twice in one message: " + ranges
                        + ". The amp server must send one range per network.");
            }
        }
        return byNetwork;
    }

    /** A streaming range carries its end block's hash, and hashes are {@code 0x} + 64 hex digits. */
    static void requireHashes(String stream, BlockRange range) {
        boolean prevOk = range.prevHash() == null || BlockHashes.isValid(range.prevHash());
        if (!BlockHashes.isValid(range.hash()) || !prevOk) {
            throw new AmpProtocolException(Violation.INVALID_HASH, "stream '" + stream + "' network '" + range.network()
                    + "': range " + range + " needs a hash (and, if present, a prev_hash) of "
                    + BlockHashes.describeExpected() + "; without it the stream can be neither validated nor resumed.");
        }
    }

    /** Only a range starting at block 0 may lack a parent hash (absent or all-zero). */
    static void requireParentUnlessGenesis(String stream, BlockRange range) {
        if (range.start() > 0 && range.hasNoParent()) {
            throw new AmpProtocolException(Violation.MISSING_PREV_HASH, "stream '" + stream + "' network '"
                    + range.network() + "': range " + range + " starts at block " + range.start()
                    + " without a prev_hash (absent or all-zero); only a range starting at block 0 may lack one, and "
                    + "without it a reorg cannot be detected. Check that the query is streaming (amp-stream: true) "
                    + "and that the amp server is a version that reports prev_hash.");
        }
    }

    /** The set of networks never changes within a stream. */
    static void requireSameNetworks(String stream, Set<String> previous, Map<String, BlockRange> incoming) {
        if (previous.equals(incoming.keySet())) {
            return;
        }
        Set<String> appeared = new TreeSet<>(incoming.keySet());
        appeared.removeAll(previous);
        Set<String> disappeared = new TreeSet<>(previous);
        disappeared.removeAll(incoming.keySet());
        throw new AmpProtocolException(Violation.NETWORK_SET_CHANGED, "stream '" + stream + "': the networks changed from "
                + new TreeSet<>(previous) + " to " + new TreeSet<>(incoming.keySet()) + " (appeared: " + appeared
                + ", disappeared: " + disappeared + "), incoming ranges " + incoming.values()
                + ". A stream keeps the networks it started with; a streaming query covers exactly one network. "
                + "If the query was changed, give the stream a new name (a new source partition).");
    }

    /**
     * After a resume, the server continues after the cursor or walks back a little; it never restarts at
     * block 0 (genesis cannot be reorganised). Restarting before the oldest stored watermark means it
     * ignored the cursor — or, indistinguishably, that a reorg while the task was down went deeper than
     * the history; the message says both.
     */
    static void requireResumeHonoured(String stream, ResumeCursor sent, WatermarkHistory history,
                                      Map<String, BlockRange> incoming) {
        Optional<CompletedBatch> oldest = history.oldest();
        for (BlockRange range : incoming.values()) {
            Optional<BlockRange> oldestRange = oldest.map(batch -> batch.range(range.network()));
            boolean atGenesis = range.start() == 0;
            boolean beforeHistory = oldestRange.isPresent() && range.start() < oldestRange.get().start();
            if (atGenesis || beforeHistory) {
                String where = atGenesis ? "at block 0" : "before the oldest stored watermark " + oldestRange.get();
                String deepReorg = atGenesis ? "" : " (Less likely: a reorg while the task was down reached deeper "
                        + "than the stored history, reorg.max.depth.blocks=" + history.maxDepthBlocks() + ".)";
                throw new AmpProtocolException(Violation.RESUME_IGNORED, "stream '" + stream + "': the stream was "
                        + "resumed with amp-resume " + sent.toHeaderValue() + ", but the server restarted network '"
                        + range.network() + "' " + where + " (incoming range " + range + "). The server silently "
                        + "ignores a resume cursor it cannot use and starts over; the task stops rather than re-ingest "
                        + "everything." + deepReorg + " Check that the amp server supports amp-resume and that the "
                        + "stored cursor names a block the server has. To deliberately re-ingest from the beginning: "
                        + rewindAdvice(stream, "null") + ".");
            }
        }
    }

    /**
     * How {@code incoming} relates to the previous position of its network; a forward gap or a broken hash
     * chain is a protocol error.
     *
     * @param previous      end block and hash of the network's previous range
     * @param previousRange the full previous range, or null when only a cursor is known
     */
    static Step step(String stream, Position previous, BlockRange previousRange, BlockRange incoming) {
        if (previousRange != null && previousRange.sameBlocks(incoming)) {
            return Step.UNCHANGED;
        }
        long expectedStart = previous.number() + 1;
        if (incoming.start() > expectedStart) {
            throw new AmpProtocolException(Violation.FORWARD_GAP, "stream '" + stream + "' network '" + incoming.network()
                    + "': blocks " + expectedStart + ".." + (incoming.start() - 1) + " are missing: the previous range "
                    + describe(previous, previousRange) + " is followed by " + incoming + ". Nothing past the gap is "
                    + "written. Restart the task to reconnect from the last watermark; if the gap persists, the amp "
                    + "server's dataset is missing blocks.");
        }
        if (incoming.start() == expectedStart) {
            if (!Objects.equals(incoming.prevHash(), previous.hash())) {
                throw new AmpProtocolException(Violation.HASH_CHAIN_BREAK, "stream '" + stream + "' network '"
                        + incoming.network() + "': range " + incoming + " starts right after the previous range "
                        + describe(previous, previousRange) + ", but its prev_hash " + incoming.prevHash()
                        + " is not the hash of block " + previous.number() + " (" + previous.hash() + "): the chain "
                        + "does not link. Nothing past block " + previous.number() + " is written. Restart the task "
                        + "to reconnect from the last watermark (the server re-checks the cursor's hash and walks back "
                        + "if it is no longer canonical); if it persists, the amp server serves inconsistent data.");
            }
            return Step.NEXT;
        }
        return Step.BACKWARDS;
    }

    /** A new microbatch may only start once the previous one got its {@code ranges_complete} watermark. */
    static void requireWatermark(String stream, Map<String, BlockRange> current, boolean complete,
                                 Map<String, BlockRange> incoming) {
        if (current != null && !complete) {
            throw new AmpProtocolException(Violation.MISSING_WATERMARK, "stream '" + stream + "': microbatch "
                    + current.values() + " ended without its ranges_complete watermark, then " + incoming.values()
                    + " started. The server closes every microbatch with an empty ranges_complete:true batch. Restart "
                    + "the task to reconnect from the last watermark.");
        }
    }

    /** The error for a reorg that reaches further back than every kept watermark. */
    static AmpProtocolException reorgDeeperThanHistory(String stream, Map<String, Position> previous,
                                                       Map<String, BlockRange> incoming, Set<String> backwards,
                                                       WatermarkHistory history, ResumeCursor resumeJustSent) {
        String network = backwards.iterator().next();
        BlockRange range = incoming.get(network);
        Position prev = previous.get(network);
        String kept = history.oldest().map(oldest -> "the oldest kept watermark is " + oldest)
                .orElse("no watermark is kept yet");
        String afterResume = resumeJustSent == null ? "" : " This is the first batch after resuming with amp-resume "
                + resumeJustSent.toHeaderValue() + ": the server may also have ignored that cursor.";
        return new AmpProtocolException(Violation.REORG_DEEPER_THAN_HISTORY, "stream '" + stream + "': reorg on network '"
                + network + "' deeper than the watermark history: the stream jumped back from block " + prev.number()
                + " (hash " + prev.hash() + ") to " + range + ", but no kept watermark ends before block "
                + range.start() + "; " + kept + " (reorg.max.depth.blocks=" + history.maxDepthBlocks() + "). The fork "
                + "point cannot be located on a microbatch boundary, so this reorg is unrecoverable and the task stops "
                + "rather than guess." + afterResume + " To rewind: " + rewindAdvice(stream,
                "{\"v\":1,\"cursor\":\"<amp-resume JSON of a canonical block before " + range.start() + ">\"}")
                + " (or with \"offset\":null to re-ingest from the beginning); consider a larger reorg.max.depth.blocks.");
    }

    /** Whether two messages describe the same microbatch: same networks, blocks and hashes (timestamps ignored). */
    static boolean sameBlocks(Map<String, BlockRange> a, Map<String, BlockRange> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        return a.entrySet().stream().allMatch(entry -> entry.getValue().sameBlocks(b.get(entry.getKey())));
    }

    /** Whether {@code next} starts right after {@code previous} and links to its hash. */
    static boolean continues(BlockRange previous, BlockRange next) {
        return next.start() == previous.end() + 1 && Objects.equals(next.prevHash(), previous.hash());
    }

    private static String rewindAdvice(String stream, String offset) {
        return "PUT /connectors/<connector>/stop, then PATCH /connectors/<connector>/offsets with "
                + "{\"offsets\":[{\"partition\":{\"stream\":\"" + stream + "\"},\"offset\":" + offset + "}]}, "
                + "then PUT /connectors/<connector>/resume";
    }

    private static String describe(Position previous, BlockRange previousRange) {
        return previousRange != null ? previousRange.toString()
                : "ending at block " + previous.number() + " (hash " + previous.hash() + ", from the resume cursor)";
    }
}
