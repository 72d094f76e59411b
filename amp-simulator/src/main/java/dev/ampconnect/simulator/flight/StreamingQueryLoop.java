package dev.ampconnect.simulator.flight;

import dev.ampconnect.simulator.chain.ChainState;
import dev.ampconnect.simulator.chain.SyntheticChain;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streaming query: plans microbatch after microbatch against the current chain snapshot and sends
 * each, waiting for the chain to change when the stream has caught up with the head. A reorg needs no
 * special message: the next plan starts at the fork point, which the client sees as a backwards jump.
 */
final class StreamingQueryLoop {

    private static final Logger LOG = LoggerFactory.getLogger(StreamingQueryLoop.class);
    /** How long to wait for a chain change before re-checking cancellation. */
    private static final long IDLE_POLL_MILLIS = 100;

    private final SyntheticChain chain;
    private final MicrobatchPlanner planner;
    private final MicrobatchEmitter emitter;
    private final FlightBatchSender sender;
    private final String description;
    private final ReplayedReorg replayedReorg;

    StreamingQueryLoop(SyntheticChain chain, StreamSettings settings, MicrobatchEmitter emitter,
                       FlightBatchSender sender, String description) {
        this.chain = chain;
        this.planner = new MicrobatchPlanner(settings.maxBlocksPerMicrobatch());
        this.emitter = emitter;
        this.sender = sender;
        this.description = description;
        this.replayedReorg = new ReplayedReorg(settings.replayedReorgBlock());
    }

    /** Streams from {@code cursor} (null: from the earliest block) until the client or the server stops it. */
    void run(BlockCursor cursor) throws InterruptedException {
        BlockCursor previous = cursor;
        ChainState state = chain.state();
        boolean replayed = false;
        while (true) {
            sender.checkAlive();
            Optional<MicrobatchRange> next = planner.next(state, previous);
            if (next.isEmpty()) {
                state = chain.awaitChange(state.version(), IDLE_POLL_MILLIS);
                continue;
            }
            MicrobatchRange range = next.get();
            if (previous != null && range.start() <= previous.number()) {
                LOG.info("{}: block {} ({}) is no longer canonical, re-sending from block {}", description,
                        previous.number(), previous.hash(), range.start());
            }
            if (!replayed && replayedReorg.appliesTo(range)) {
                replayed = true;
                MicrobatchRange phantom = replayedReorg.phantom(range);
                MicrobatchRange resent = replayedReorg.resent(range, state);
                LOG.info("{}: replaying the scripted reorg: {} of a phantom fork, then back to {}", description,
                        phantom, resent);
                emitter.emitMicrobatch(phantom, state);
                range = resent;
            }
            LOG.debug("{}: microbatch {}", description, range);
            emitter.emitMicrobatch(range, state);
            previous = range.endCursor();
            state = chain.state();
        }
    }
}
