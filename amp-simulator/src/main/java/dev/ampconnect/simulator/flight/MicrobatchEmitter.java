package dev.ampconnect.simulator.flight;

import dev.ampconnect.simulator.chain.BlockRef;
import dev.ampconnect.simulator.chain.ChainState;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Turns block ranges into FlightData messages: data pieces cut by size, each repeating the range's
 * {@code app_metadata}, then one empty batch with {@code ranges_complete:true}. For streams it also paces
 * a microbatch: an optional keep-alive first, the blocks' rows becoming ready evenly over the configured
 * compute time, and keep-alives whenever the interval elapses meanwhile.
 */
final class MicrobatchEmitter {

    /** Blocks materialised at a time, so a huge batch query never holds its whole range. */
    private static final int BLOCK_CHUNK = 1000;
    private static final long MAX_PARK_NANOS = 100_000_000L;

    private final BoundQuery query;
    private final FlightBatchSender sender;
    private final StreamSettings settings;

    MicrobatchEmitter(BoundQuery query, FlightBatchSender sender, StreamSettings settings) {
        this.query = query;
        this.sender = sender;
        this.settings = settings;
    }

    /** Sends one streaming microbatch over {@code range} of {@code state}. */
    void emitMicrobatch(MicrobatchRange range, ChainState state) {
        long startNanos = System.nanoTime();
        byte[] open = RangeMetadata.json(List.of(range), false);
        KeepAliveClock keepAlive = new KeepAliveClock(settings.keepAliveInterval(), startNanos);
        if (settings.keepAliveAtMicrobatchStart()) {
            sender.sendEmpty(open);
        }
        long computeNanos = settings.microbatchComputeTime().toNanos();
        long blocks = range.blockCount();
        long index = 0;
        for (long from = range.start(); from <= range.end(); from += BLOCK_CHUNK) {
            for (BlockRef block : state.blocks(from, Math.min(range.end(), from + BLOCK_CHUNK - 1))) {
                index++;
                if (computeNanos > 0) {
                    // block i of n is ready at start + compute * i / n (split to avoid overflow)
                    long readyAt = startNanos + computeNanos / blocks * index + computeNanos % blocks * index / blocks;
                    awaitReady(readyAt, keepAlive, open);
                }
                appendRows(block, open);
                long now = System.nanoTime();
                if (keepAlive.isDue(now)) {
                    sender.sendEmpty(open);
                    keepAlive.sentAt(now);
                }
            }
        }
        finish(open, RangeMetadata.json(List.of(range), true));
    }

    /**
     * Sends the result of a batch (non-streaming) query over blocks {@code from..to} of {@code state}: the
     * whole result carries one range (none when the range is empty), as ampd's non-incremental queries do.
     */
    void emitBatch(ChainState state, long from, long to) {
        List<MicrobatchRange> ranges = from > to ? List.of() : List.of(new MicrobatchRange(state.network(), from, to,
                state.hash(to), state.block(from).parentHash(), state.block(to).timestamp()));
        byte[] open = RangeMetadata.json(ranges, false);
        for (long chunk = from; chunk <= to; chunk += BLOCK_CHUNK) {
            for (BlockRef block : state.blocks(chunk, Math.min(to, chunk + BLOCK_CHUNK - 1))) {
                appendRows(block, open);
            }
            sender.checkAlive();
        }
        finish(open, RangeMetadata.json(ranges, true));
    }

    private void appendRows(BlockRef block, byte[] metadata) {
        if (!query.filter().contains(block.number())) {
            return;
        }
        for (Object[] row : query.table().rows(block)) {
            sender.append(query.project(row));
            if (sender.pieceFull(settings)) {
                sender.sendPiece(metadata);
            }
        }
    }

    private void finish(byte[] open, byte[] complete) {
        if (sender.hasPendingRows()) {
            sender.sendPiece(open);
        }
        sender.sendEmpty(complete);
    }

    /** Simulates computing: waits until {@code readyAtNanos}, sending keep-alives as they fall due. */
    private void awaitReady(long readyAtNanos, KeepAliveClock keepAlive, byte[] metadata) {
        while (true) {
            sender.checkAlive();
            long now = System.nanoTime();
            if (now - readyAtNanos >= 0) {
                return;
            }
            if (keepAlive.isDue(now)) {
                sender.sendEmpty(metadata);
                keepAlive.sentAt(now);
                continue;
            }
            LockSupport.parkNanos(Math.min(MAX_PARK_NANOS, Math.min(readyAtNanos - now, keepAlive.nanosUntilDue(now))));
            if (Thread.interrupted()) {
                throw new StreamStoppedException("stream thread interrupted");
            }
        }
    }
}
