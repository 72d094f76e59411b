package dev.ampconnect.common.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ampconnect.common.contract.Invalidation;
import dev.ampconnect.common.protocol.AmpProtocolException.Violation;
import dev.ampconnect.common.protocol.ResumeCursor.Position;
import dev.ampconnect.common.protocol.StreamEvent.Reorg;
import dev.ampconnect.common.protocol.StreamEvent.SameBatch;
import dev.ampconnect.common.range.BlockRange;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

/**
 * Generated chains with reorgs at random depths (some landing inside earlier microbatches, some hitting
 * the microbatch in progress), a server that walks back and re-plans microbatches, keep-alives, split
 * pieces, and task crashes that restart from the stored offset. A sink model deletes WHOLE batches on
 * invalidation, as the real sinks do. Whatever happens, the sink must end up holding every canonical
 * block exactly once, or the validator must have stopped loudly ("deeper than the history", or right
 * after a restart "resume ignored") when a reorg exceeded {@code reorg.max.depth.blocks}: never silently wrong.
 */
class StreamValidatorPropertyTest {

    private static final String NET = "anvil";
    private static final String STREAM = "blocks";

    @Test
    void reorgsWithinTheDepthAlwaysLeaveTheSinkWithTheCanonicalChainExactlyOnce() {
        Stats stats = new Stats();
        for (long seed = 0; seed < 250; seed++) {
            Random random = new Random(seed);
            int maxReorg = 1 + random.nextInt(30);
            long depth = maxReorg + random.nextInt(40);
            Outcome outcome = run(random, depth, maxReorg, 0.03, stats);
            if (outcome.failure != null) {
                fail("seed " + seed + " (depth " + depth + ", max reorg " + maxReorg + ") failed", outcome.failure);
            }
        }
        // the generator really exercised what the property is about
        assertTrue(stats.acceptedReorgs > 100, "accepted reorgs: " + stats.acceptedReorgs);
        assertTrue(stats.reconnects > 100, "reconnecting reorgs: " + stats.reconnects);
        assertTrue(stats.startOvers > 0, "reorgs into the first microbatch: " + stats.startOvers);
        assertTrue(stats.crashes > 100, "crashes: " + stats.crashes);
        assertTrue(stats.walkBacksAfterRestart > 10, "walk-backs seen after a restart: " + stats.walkBacksAfterRestart);
    }

    @Test
    void reorgsBeyondTheDepthEitherEndCorrectOrStopLoudlyNeverSilentlyWrong() {
        Stats stats = new Stats();
        int stopped = 0;
        int correct = 0;
        for (long seed = 1000; seed < 1250; seed++) {
            Random random = new Random(seed);
            long depth = 1 + random.nextInt(8);
            int maxReorg = (int) depth + 5 + random.nextInt(40);
            Outcome outcome = run(random, depth, maxReorg, 0.001 + random.nextDouble() * 0.01, stats);
            if (outcome.failure == null) {
                correct++;
            } else if (outcome.failure instanceof AmpProtocolException e && (e.violation()
                    == Violation.REORG_DEEPER_THAN_HISTORY || e.violation() == Violation.RESUME_IGNORED)) {
                // after a restart, a walk-back below the oldest watermark is reported as a possibly ignored resume
                stopped++;
            } else {
                fail("seed " + seed + " failed otherwise", outcome.failure);
            }
        }
        assertTrue(stopped > 20, "stopped loudly: " + stopped);
        assertTrue(correct > 20, "ended correct: " + correct);
    }

    private static Outcome run(Random random, long depth, int maxReorg, double reorgChance, Stats stats) {
        long firstHead = random.nextInt(2500);
        long lastHead = firstHead + 50 + random.nextInt(250);
        ModelServer server = new ModelServer(random, firstHead);
        ModelTask task = new ModelTask(server, depth, stats);
        try {
            for (int step = 0; step < 600; step++) {
                double dice = random.nextDouble();
                if (dice < 0.07 && server.head < lastHead) {
                    server.grow(1 + random.nextInt(3), lastHead);
                } else if (dice < 0.07 + reorgChance) {
                    server.reorg(Math.max(0, server.head - 1 - random.nextInt(maxReorg)));
                } else if (dice < 0.085 + reorgChance) {
                    task.crash();
                } else {
                    Optional<Message> message = server.poll();
                    if (message.isPresent()) {
                        task.receive(message.get());
                    } else if (server.head < lastHead) {
                        server.grow(1, lastHead);
                    }
                }
            }
            while (true) {
                Optional<Message> message = server.poll();
                if (message.isPresent()) {
                    task.receive(message.get());
                } else if (server.head < lastHead) {
                    server.grow(1, lastHead);
                } else {
                    break;
                }
            }
            task.assertSinkHoldsTheCanonicalChain();
            return new Outcome(null);
        } catch (AssertionError | RuntimeException e) {
            return new Outcome(e);
        }
    }

    private record Outcome(Throwable failure) {
    }

    private static final class Stats {
        int acceptedReorgs;
        int reconnects;
        int startOvers;
        int crashes;
        int walkBacksAfterRestart;
    }

    /** One FlightData message: its ranges, ranges_complete, and its rows (block -> the block's hash). */
    private record Message(List<BlockRange> ranges, boolean complete, Map<Long, String> rows) {
    }

    /** Forks: block b of fork f has hash 0x<f+1><b> above the fork point, its parent fork's hash below. */
    private static final class Forks {
        private final Map<Integer, Integer> parent = new HashMap<>();
        private final Map<Integer, Long> point = new HashMap<>();
        int canonical;

        String hash(int fork, long block) {
            if (block < 0) {
                return BlockRange.ZERO_HASH;
            }
            if (fork != 0 && block <= point.get(fork)) {
                return hash(parent.get(fork), block);
            }
            return String.format("0x%032x%032x", fork + 1, block);  // +1: never the all-zero hash
        }

        String canonical(long block) {
            return hash(canonical, block);
        }

        void fork(long forkPoint) {
            int id = parent.size() + 1;
            parent.put(id, canonical);
            point.put(id, forkPoint);
            canonical = id;
        }

        /** The newest block at or below {@code block} that the chain of {@code hash} shares with the canonical one. */
        long commonAncestor(long block, String hash) {
            int fork = Integer.parseInt(hash.substring(2, 34), 16) - 1;
            long b = block;
            while (b >= 0 && !hash(fork, b).equals(canonical(b))) {
                b--;
            }
            return b;
        }
    }

    /** The amp server: plans microbatches on the fly, keep-alives, pieces, watermarks; walks back on reorgs. */
    private static final class ModelServer {
        final Forks forks = new Forks();
        final Random random;
        long head;
        long next;
        Deque<Message> current;
        long currentEnd = -1;

        ModelServer(Random random, long head) {
            this.random = random;
            this.head = head;
        }

        void connect(Optional<ResumeCursor> cursor) {
            current = null;
            if (cursor.isEmpty()) {
                next = 0;
                return;
            }
            Position position = cursor.get().position(NET).orElseThrow();
            boolean canonical = forks.canonical(position.number()).equals(position.hash());
            next = canonical ? position.number() + 1 : forks.commonAncestor(position.number(), position.hash()) + 1;
        }

        void grow(int blocks, long lastHead) {
            head = Math.min(lastHead, head + blocks);
        }

        void reorg(long forkPoint) {
            forks.fork(forkPoint);
            long announced = current != null ? currentEnd : next - 1;
            if (announced > forkPoint) {
                current = null;
                next = forkPoint + 1;       // walk back: re-plan from the first replaced block
            }
        }

        Optional<Message> poll() {
            if (current == null) {
                if (next > head) {
                    return Optional.empty();
                }
                plan();
            }
            Message message = current.poll();
            if (message.complete()) {
                current = null;
                next = currentEnd + 1;
            }
            return Optional.of(message);
        }

        private void plan() {
            long size = random.nextDouble() < 0.3 ? 1 + random.nextInt(1000) : 1 + random.nextInt(3);
            long start = next;
            long end = Math.min(head, start + size - 1);
            List<BlockRange> ranges = List.of(new BlockRange(NET, start, end, forks.canonical(end),
                    forks.canonical(start - 1)));
            current = new ArrayDeque<>();
            currentEnd = end;
            if (random.nextBoolean()) {
                current.add(new Message(ranges, false, Map.of()));                    // keep-alive
            }
            int pieces = 1 + random.nextInt(3);
            long block = start;
            for (int piece = 0; piece < pieces; piece++) {
                long pieceEnd = piece == pieces - 1 ? end : Math.min(end, block + random.nextInt((int) (end - start + 2)));
                Map<Long, String> rows = new TreeMap<>();
                for (; block <= pieceEnd; block++) {
                    rows.put(block, forks.canonical(block));
                }
                current.add(new Message(ranges, false, rows));
                if (random.nextInt(4) == 0) {
                    current.add(new Message(ranges, false, Map.of()));                // keep-alive mid-way
                }
            }
            current.add(new Message(ranges, true, Map.of()));                         // watermark
        }
    }

    /** The source task plus a sink that deletes whole batches with end >= start on invalidation. */
    private static final class ModelTask {
        private final ModelServer server;
        private final long depth;
        private final Stats stats;
        private final JsonConverter converter = WatermarkHistoryTest.jsonConverter();
        private final List<SinkBatch> sink = new ArrayList<>();
        private StreamValidator validator;
        private byte[] storedOffset;
        private SinkBatch open;
        private boolean firstAfterRestart;

        ModelTask(ModelServer server, long depth, Stats stats) {
            this.server = server;
            this.depth = depth;
            this.stats = stats;
            this.validator = StreamValidator.fromStart(STREAM, depth);
            server.connect(Optional.empty());
        }

        void receive(Message message) {
            StreamEvent event = validator.validate(message.ranges());
            boolean afterRestart = firstAfterRestart;
            firstAfterRestart = false;
            if (event instanceof Reorg reorg) {
                reorg.invalidations().forEach(this::invalidate);
                storeOffset();
                if (afterRestart) {
                    stats.walkBacksAfterRestart++;
                }
                if (!reorg.acceptIncoming()) {
                    if (reorg.recoveryPoint().isEmpty()) {
                        stats.startOvers++;
                    }
                    stats.reconnects++;
                    server.connect(reorg.resumeCursor());
                    return;
                }
                stats.acceptedReorgs++;
            }
            if (!(event instanceof SameBatch)) {
                BlockRange range = message.ranges().get(0);
                open = new SinkBatch(range.start(), range.end(), new TreeMap<>());
                sink.add(open);
            }
            boolean replay = event instanceof SameBatch same && same.alreadyComplete();
            if (!replay) {
                open.rows.putAll(message.rows());
            }
            if (message.complete() && validator.markComplete(message.ranges())) {
                storeOffset();
            }
        }

        void crash() {
            stats.crashes++;
            open = null;
            if (storedOffset == null) {
                validator = StreamValidator.fromStart(STREAM, depth);
                invalidate(Invalidation.rewind(STREAM, NET, 0));
                server.connect(Optional.empty());
                return;
            }
            Map<?, ?> offset = (Map<?, ?>) converter.toConnectData("offsets", storedOffset).value();
            ResumeCursor cursor = ResumeCursor.fromOffsetValue(offset.get("cursor"));
            validator = StreamValidator.resumeFrom(STREAM, cursor,
                    WatermarkHistory.fromOffsetValue(offset.get("history"), depth));
            invalidate(Invalidation.rewind(STREAM, NET, cursor.position(NET).orElseThrow().number() + 1));
            firstAfterRestart = true;
            server.connect(Optional.of(cursor));
        }

        void assertSinkHoldsTheCanonicalChain() {
            Map<Long, String> blocks = new TreeMap<>();
            for (SinkBatch batch : sink) {
                for (Map.Entry<Long, String> row : batch.rows.entrySet()) {
                    if (blocks.put(row.getKey(), row.getValue()) != null) {
                        fail("block " + row.getKey() + " is in the sink twice");
                    }
                }
            }
            Map<Long, String> expected = new LinkedHashMap<>();
            for (long block = 0; block <= server.head; block++) {
                expected.put(block, server.forks.canonical(block));
            }
            assertEquals(expected, blocks);
            assertEquals(Optional.of(ResumeCursor.of(NET, server.head, server.forks.canonical(server.head))),
                    validator.cursor());
        }

        private void invalidate(Invalidation invalidation) {
            sink.removeIf(batch -> invalidation.deletes(new BlockRange(NET, batch.start, batch.end, null, null)));
        }

        private void storeOffset() {
            Map<String, Object> offset = new LinkedHashMap<>();
            offset.put("v", WatermarkHistory.OFFSET_FORMAT_VERSION);
            offset.put("cursor", validator.cursor().map(ResumeCursor::toHeaderValue).orElse(null));
            offset.put("history", validator.history().toOffsetValue());
            storedOffset = validator.cursor().isPresent() ? converter.fromConnectData("offsets", null, offset) : null;
        }
    }

    private record SinkBatch(long start, long end, Map<Long, String> rows) {
    }
}
