package dev.ampconnect.simulator.flight;

import java.time.Duration;
import java.util.Objects;

/**
 * How the server cuts and paces its output.
 *
 * @param maxBlocksPerMicrobatch     ampd's microbatch_max_interval (default 1000)
 * @param maxPieceBytes              a data piece is sent once its body reaches this many bytes
 * @param maxPieceRows               ... or this many rows (DataFusion's batch size)
 * @param keepAliveInterval          period of keep-alives during a microbatch; zero disables periodic ones
 * @param keepAliveAtMicrobatchStart whether each microbatch opens with a keep-alive (ampd's interval
 *                                   ticks once immediately)
 * @param microbatchComputeTime      how long a microbatch takes to "compute": its blocks' rows become
 *                                   ready evenly over this time
 * @param ticketTtl                  how long a ticket can be redeemed after GetFlightInfo
 * @param replayedReorgBlock         a fault: every stream replays the same reorg around this block
 *                                   ({@link ReplayedReorg}); -1 for none
 */
public record StreamSettings(int maxBlocksPerMicrobatch, long maxPieceBytes, int maxPieceRows,
                             Duration keepAliveInterval, boolean keepAliveAtMicrobatchStart,
                             Duration microbatchComputeTime, Duration ticketTtl, long replayedReorgBlock) {

    /** ampd's defaults: 1000-block microbatches, 2 MiB pieces, 8192-row pieces, keep-alives every 30 s. */
    public static final StreamSettings DEFAULTS = new StreamSettings(1000, 2L << 20, 8192, Duration.ofSeconds(30),
            true, Duration.ZERO, Duration.ofMinutes(1), ReplayedReorg.NONE);

    public StreamSettings {
        Objects.requireNonNull(keepAliveInterval, "keepAliveInterval");
        Objects.requireNonNull(microbatchComputeTime, "microbatchComputeTime");
        Objects.requireNonNull(ticketTtl, "ticketTtl");
        if (maxBlocksPerMicrobatch < 1 || maxPieceBytes < 1 || maxPieceRows < 1) {
            throw new IllegalArgumentException("microbatch and piece limits must be positive: blocks "
                    + maxBlocksPerMicrobatch + ", bytes " + maxPieceBytes + ", rows " + maxPieceRows);
        }
        if (keepAliveInterval.isNegative() || microbatchComputeTime.isNegative() || ticketTtl.isNegative()
                || ticketTtl.isZero()) {
            throw new IllegalArgumentException("durations must not be negative and the ticket TTL must be positive");
        }
    }
}
