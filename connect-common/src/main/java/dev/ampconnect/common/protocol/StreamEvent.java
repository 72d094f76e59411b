package dev.ampconnect.common.protocol;

import dev.ampconnect.common.contract.Invalidation;
import dev.ampconnect.common.range.BlockRange;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one FlightData message means for the stream, as {@link StreamValidator#validate} decides it.
 * Every event carries the message's {@link #ranges()}.
 */
public sealed interface StreamEvent {

    /** The message's ranges, as received. */
    List<BlockRange> ranges();

    /**
     * The message belongs to the current microbatch (identical ranges): another data piece, a keep-alive,
     * or the microbatch's {@code ranges_complete} watermark.
     *
     * @param ranges          the message's ranges
     * @param alreadyComplete the microbatch's watermark was already recorded: this is a repeat of a
     *                        completed microbatch, so its rows must NOT be emitted again and a repeated
     *                        watermark must not be recorded twice
     */
    record SameBatch(List<BlockRange> ranges, boolean alreadyComplete) implements StreamEvent {
        public SameBatch {
            ranges = List.copyOf(ranges);
        }
    }

    /**
     * A new microbatch starts with this message: it continues the previous one on every network
     * ({@code start == prev.end + 1}, {@code prev_hash == prev.hash}), or it is the very first of the stream.
     *
     * @param ranges the new microbatch's ranges
     * @param first  {@code true} when nothing preceded it (a stream started without a resume cursor)
     */
    record NextBatch(List<BlockRange> ranges, boolean first) implements StreamEvent {
        public NextBatch {
            ranges = List.copyOf(ranges);
        }
    }

    /**
     * The stream jumped back: a reorg. The validator has already moved to the recovery point (its history
     * is cut there and {@link StreamValidator#cursor()} is the recovery cursor). The caller must, in order:
     * <ol>
     *   <li>emit {@link #invalidations()} (one per network; each starts on a microbatch boundary,
     *       {@code recovery.end + 1}, and ends at {@code max(incoming.end, prev.end)});</li>
     *   <li>store the source offset at the recovery point ({@code validator.cursor()} and
     *       {@code validator.history()});</li>
     *   <li>if {@link #acceptIncoming()}: process this message as the first message of a new microbatch
     *       (the first of the new fork); otherwise discard it, close the stream and reconnect with
     *       {@code amp-resume} = {@link #resumeCursor()}, or without {@code amp-resume} when that is empty
     *       (the recovery point is the start of the stream).</li>
     * </ol>
     *
     * @param ranges         the incoming ranges that revealed the reorg
     * @param invalidations  the blocks to invalidate, per network (reason {@code reorg})
     * @param recoveryPoint  the newest watermark before the reorg; empty when the stream must start over
     *                       from its beginning
     * @param acceptIncoming whether the incoming message starts right after the recovery point (and its
     *                       {@code prev_hash} is the recovery point's hash), so it can be kept
     */
    record Reorg(List<BlockRange> ranges, List<Invalidation> invalidations, Optional<CompletedBatch> recoveryPoint,
                 boolean acceptIncoming) implements StreamEvent {

        public Reorg {
            ranges = List.copyOf(ranges);
            invalidations = List.copyOf(invalidations);
            Objects.requireNonNull(recoveryPoint, "recoveryPoint");
        }

        /** The {@code amp-resume} cursor of the recovery point; empty means: reconnect without one. */
        public Optional<ResumeCursor> resumeCursor() {
            return recoveryPoint.map(CompletedBatch::cursor);
        }
    }
}
