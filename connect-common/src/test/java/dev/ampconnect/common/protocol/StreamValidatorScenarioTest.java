package dev.ampconnect.common.protocol;

import static dev.ampconnect.common.protocol.SourceDriver.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.protocol.AmpProtocolException.Violation;
import dev.ampconnect.common.range.BlockRange;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Realistic message sequences, fed as raw app_metadata bytes through a driver that acts like the source
 * task; each test asserts what the task does, in order.
 */
class StreamValidatorScenarioTest {

    private final TestChain chain = TestChain.main();

    @Test
    void keepAlivePiecesAndWatermarkMakeOneMicrobatchThenTheNextOneStarts() {
        SourceDriver source = new SourceDriver(128);

        microbatch(source, chain.batch(0, 99), 3, 2);                  // keep-alive, two pieces, watermark
        source.receive(metadata(chain.batch(100, 100), false), 0);     // keep-alive of the next microbatch
        source.receive(metadata(chain.batch(100, 100), false), 0);     // another one: it takes a while
        source.receive(metadata(chain.batch(100, 100), false), 4);
        source.receive(metadata(chain.batch(100, 100), true), 0);

        assertEquals(List.of(
                "rows 3 of 0..99", "rows 2 of 0..99", "watermark 0..99", "offset 99",
                "rows 4 of 100..100", "watermark 100..100", "offset 100"), source.actions());
        assertEquals("{\"" + TestChain.NETWORK + "\":{\"number\":100,\"hash\":\"" + chain.hash(100) + "\"}}",
                source.resumeCursor().orElseThrow().toHeaderValue());
    }

    @Test
    void aThreeBlockReorgAtTheHeadInvalidatesThoseBlocksAndKeepsTheNewFork() {
        SourceDriver source = new SourceDriver(128);
        microbatch(source, chain.batch(0, 99), 5);
        microbatch(source, chain.batch(100, 100), 1);
        microbatch(source, chain.batch(101, 101), 1);
        microbatch(source, chain.batch(102, 102), 1);
        source.actions().clear();
        TestChain fork = chain.forkAfter(99, 1);

        microbatch(source, fork.batch(100, 102), 3);                   // its keep-alive reveals the reorg
        microbatch(source, fork.batch(103, 103), 1);

        assertEquals(List.of(
                "invalidate 100..102", "offset 99",
                "rows 3 of 100..102", "watermark 100..102", "offset 102",
                "rows 1 of 103..103", "watermark 103..103", "offset 103"), source.actions());
    }

    @Test
    void aJumpBackIntoTheMiddleOfAnEarlier1000BlockMicrobatchInvalidatesFromItsStartAndReconnects() {
        SourceDriver source = new SourceDriver(128);
        microbatch(source, chain.batch(0, 999), 10);
        microbatch(source, chain.batch(1000, 1999), 10);
        microbatch(source, chain.batch(2000, 2000), 1);
        microbatch(source, chain.batch(2001, 2001), 1);
        source.actions().clear();
        TestChain fork = chain.forkAfter(1499, 1);

        source.receive(metadata(fork.batch(1500, 2002), false), 0);    // keep-alive at block 1500
        source.receive(metadata(fork.batch(1500, 2002), false), 7);    // the rest of that connection is ignored
        source.reconnected();                                          // amp-resume: after block 999
        microbatch(source, fork.batch(1000, 1999), 10);
        microbatch(source, fork.batch(2000, 2002), 3);

        assertEquals(List.of(
                "invalidate 1000..2002", "offset 999",
                "reconnect {\"" + TestChain.NETWORK + "\":{\"number\":999,\"hash\":\"" + chain.hash(999) + "\"}}",
                "rows 10 of 1000..1999", "watermark 1000..1999", "offset 1999",
                "rows 3 of 2000..2002", "watermark 2000..2002", "offset 2002"), source.actions());
    }

    @Test
    void aReorgDeeperThanTheHistoryStopsTheStream() {
        SourceDriver source = new SourceDriver(16);
        microbatch(source, chain.batch(0, 999), 10);
        for (long block = 1000; block < 1040; block++) {
            microbatch(source, chain.batch(block, block), 1);
        }
        TestChain fork = chain.forkAfter(1010, 1);                     // 29 blocks deep: the history keeps 16

        AmpProtocolException e = assertThrows(AmpProtocolException.class,
                () -> source.receive(metadata(fork.batch(1011, 1040), false), 0));

        assertEquals(Violation.REORG_DEEPER_THAN_HISTORY, e.violation());
        assertTrue(e.getMessage().contains("PATCH /connectors/<connector>/offsets"), e.getMessage());
        assertTrue(source.actions().get(source.actions().size() - 1).equals("offset 1039"), "nothing written after");
    }

    @Test
    void aRestartedTaskSeesAReorgThatHappenedWhileItWasDown() {
        SourceDriver source = new SourceDriver(128);
        microbatch(source, chain.batch(0, 999), 10);
        microbatch(source, chain.batch(1000, 1001), 2);
        microbatch(source, chain.batch(1002, 1003), 2);
        source.receive(metadata(chain.batch(1004, 1005), false), 2);   // crash before this watermark
        TestChain fork = chain.forkAfter(1002, 1);
        source.actions().clear();

        source.restart();                                              // amp-resume: after block 1003
        source.receive(metadata(fork.batch(1003, 1006), false), 0);    // the server walked back to 1003
        source.reconnected();                                          // amp-resume: after block 1001
        microbatch(source, fork.batch(1002, 1006), 5);

        assertEquals(List.of(
                "rewind from 1004",
                "invalidate 1002..1006", "offset 1001",
                "reconnect {\"" + TestChain.NETWORK + "\":{\"number\":1001,\"hash\":\"" + chain.hash(1001) + "\"}}",
                "rows 5 of 1002..1006", "watermark 1002..1006", "offset 1006"), source.actions());
    }

    @Test
    void aResumeTheServerIgnoredFailsInsteadOfReingestingEverything() {
        SourceDriver source = new SourceDriver(128);
        microbatch(source, chain.batch(0, 999), 10);
        microbatch(source, chain.batch(1000, 1000), 1);
        source.restart();

        AmpProtocolException e = assertThrows(AmpProtocolException.class,
                () -> source.receive(metadata(chain.batch(0, 999), false), 0));

        assertEquals(Violation.RESUME_IGNORED, e.violation());
        assertTrue(e.getMessage().contains(source.resumeCursor().orElseThrow().toHeaderValue()), e.getMessage());
    }

    @Test
    void aReplayOfACompletedMicrobatchEmitsNoRowsAndNoSecondWatermark() {
        SourceDriver source = new SourceDriver(128);
        microbatch(source, chain.batch(0, 99), 3);
        source.actions().clear();

        microbatch(source, chain.batch(0, 99), 3);

        assertEquals(List.of("drop 3 rows"), source.actions());
    }

    @Test
    void aStreamThatNeverCompletedAMicrobatchRestartsFromTheBeginning() {
        SourceDriver source = new SourceDriver(128);
        source.receive(metadata(chain.batch(0, 999), false), 10);

        source.restart();
        microbatch(source, chain.batch(0, 499), 5);

        assertEquals(List.of("rows 10 of 0..999", "rewind from 0", "rows 5 of 0..499", "watermark 0..499", "offset 499"),
                source.actions());
    }

    /** A keep-alive, data pieces of the given sizes, then the watermark. */
    private static void microbatch(SourceDriver source, List<BlockRange> ranges, int... pieces) {
        source.receive(metadata(ranges, false), 0);
        for (int rows : pieces) {
            source.receive(metadata(ranges, false), rows);
        }
        source.receive(metadata(ranges, true), 0);
    }
}
