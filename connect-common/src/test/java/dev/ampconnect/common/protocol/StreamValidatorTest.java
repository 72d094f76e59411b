package dev.ampconnect.common.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.contract.Invalidation;
import dev.ampconnect.common.protocol.AmpProtocolException.Violation;
import dev.ampconnect.common.protocol.StreamEvent.NextBatch;
import dev.ampconnect.common.protocol.StreamEvent.Reorg;
import dev.ampconnect.common.protocol.StreamEvent.SameBatch;
import dev.ampconnect.common.range.BlockRange;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One test (or more) per rule of the validator; scenarios live in {@link StreamValidatorScenarioTest}. */
class StreamValidatorTest {

    private static final String STREAM = "blocks";
    private static final String NET = TestChain.NETWORK;

    private final TestChain chain = TestChain.main();

    // --- normal progression ---

    @Test
    void theVeryFirstBatchStartsTheStream() {
        StreamValidator validator = StreamValidator.fromStart(STREAM, 100);

        StreamEvent event = validator.validate(chain.batch(100, 199));

        assertEquals(new NextBatch(chain.batch(100, 199), true), event);
    }

    @Test
    void aBatchContinuingThePreviousOneIsTheNextBatch() {
        StreamValidator validator = completed(chain.batch(0, 99));

        assertEquals(new NextBatch(chain.batch(100, 199), false), validator.validate(chain.batch(100, 199)));
    }

    @Test
    void anIdenticalRepeatIsTheSameBatch() {
        StreamValidator validator = StreamValidator.fromStart(STREAM, 100);
        validator.validate(chain.batch(0, 99));

        assertEquals(new SameBatch(chain.batch(0, 99), false), validator.validate(chain.batch(0, 99)));
        assertEquals(new SameBatch(chain.batch(0, 99), false), validator.validate(chain.batch(0, 99)));
    }

    @Test
    void timestampsDoNotCountForAMicrobatchsIdentity() {
        StreamValidator validator = StreamValidator.fromStart(STREAM, 100);
        BlockRange range = chain.range(0, 99);
        validator.validate(List.of(new BlockRange(NET, 0, 99, range.hash(), range.prevHash(), 1L)));

        StreamEvent event = validator.validate(List.of(new BlockRange(NET, 0, 99, range.hash(), range.prevHash(), 2L)));

        assertInstanceOf(SameBatch.class, event);
    }

    @Test
    void theSameBlocksWithAnotherHashAreNotTheSameBatch() {
        StreamValidator validator = completed(chain.batch(0, 9), chain.batch(10, 19));
        validator.validate(chain.batch(20, 29));

        StreamEvent event = validator.validate(chain.forkAfter(25, 1).batch(20, 29));

        assertInstanceOf(Reorg.class, event);
    }

    @Test
    void aWatermarkIsRecordedOnceAndARepeatOfACompletedMicrobatchIsFlagged() {
        StreamValidator validator = StreamValidator.fromStart(STREAM, 100);
        validator.validate(chain.batch(0, 99));

        assertTrue(validator.markComplete(chain.batch(0, 99)));
        assertEquals(new SameBatch(chain.batch(0, 99), true), validator.validate(chain.batch(0, 99)));
        assertFalse(validator.markComplete(chain.batch(0, 99)));
        assertEquals(1, validator.history().size());
        assertEquals(Optional.of(ResumeCursor.of(NET, 99, chain.hash(99))), validator.cursor());
    }

    @Test
    void markingAnotherMicrobatchCompleteIsACallerError() {
        StreamValidator validator = StreamValidator.fromStart(STREAM, 100);
        validator.validate(chain.batch(0, 99));

        assertThrows(IllegalStateException.class, () -> validator.markComplete(chain.batch(100, 199)));
        assertThrows(IllegalStateException.class,
                () -> StreamValidator.fromStart(STREAM, 100).markComplete(chain.batch(0, 99)));
    }

    // --- protocol errors ---

    @Test
    void aForwardGapFails() {
        StreamValidator validator = completed(chain.batch(0, 99));

        AmpProtocolException e = assertThrows(AmpProtocolException.class, () -> validator.validate(chain.batch(101, 199)));

        assertEquals(Violation.FORWARD_GAP, e.violation());
        assertMentions(e, "'" + STREAM + "'", "'" + NET + "'", "blocks 100..100 are missing", chain.range(0, 99).toString(),
                chain.range(101, 199).toString(), "Restart the task");
    }

    @Test
    void aBrokenHashChainFails() {
        StreamValidator validator = completed(chain.batch(0, 99));
        BlockRange unlinked = chain.forkAfter(50, 1).range(100, 199);

        AmpProtocolException e = assertThrows(AmpProtocolException.class, () -> validator.validate(List.of(unlinked)));

        assertEquals(Violation.HASH_CHAIN_BREAK, e.violation());
        assertMentions(e, "'" + STREAM + "'", "'" + NET + "'", unlinked.toString(), chain.hash(99), unlinked.prevHash());
    }

    @Test
    void aNetworkThatAppearsFails() {
        StreamValidator validator = completed(chain.batch(0, 99));
        TestChain base = TestChain.of("base");

        AmpProtocolException e = assertThrows(AmpProtocolException.class,
                () -> validator.validate(List.of(chain.range(100, 199), base.range(0, 5))));

        assertEquals(Violation.NETWORK_SET_CHANGED, e.violation());
        assertMentions(e, "appeared: [base]", "disappeared: []");
    }

    @Test
    void aNetworkThatDisappearsFails() {
        TestChain base = TestChain.of("base");
        StreamValidator validator = completed(List.of(chain.range(0, 99), base.range(0, 5)));

        AmpProtocolException e = assertThrows(AmpProtocolException.class, () -> validator.validate(chain.batch(100, 199)));

        assertEquals(Violation.NETWORK_SET_CHANGED, e.violation());
        assertMentions(e, "appeared: []", "disappeared: [base]");
    }

    @Test
    void aMissingOrZeroPrevHashFailsAnywhereButAtBlockZero() {
        String hash = chain.hash(199);
        for (String prevHash : new String[] {null, BlockRange.ZERO_HASH}) {
            StreamValidator validator = completed(chain.batch(0, 99));
            BlockRange orphan = new BlockRange(NET, 100, 199, hash, prevHash);

            AmpProtocolException e = assertThrows(AmpProtocolException.class, () -> validator.validate(List.of(orphan)));

            assertEquals(Violation.MISSING_PREV_HASH, e.violation());
            assertMentions(e, "starts at block 100 without a prev_hash");
        }
        AmpProtocolException first = assertThrows(AmpProtocolException.class,
                () -> StreamValidator.fromStart(STREAM, 100).validate(List.of(new BlockRange(NET, 5, 9, hash, null))));
        assertEquals(Violation.MISSING_PREV_HASH, first.violation());
    }

    @Test
    void blockZeroMayHaveNoParent() {
        String hash = chain.hash(9);
        assertInstanceOf(NextBatch.class,
                StreamValidator.fromStart(STREAM, 100).validate(List.of(new BlockRange(NET, 0, 9, hash, null))));
        assertInstanceOf(NextBatch.class, StreamValidator.fromStart(STREAM, 100)
                .validate(List.of(new BlockRange(NET, 0, 9, hash, BlockRange.ZERO_HASH))));
    }

    @Test
    void aMessageWithoutRangesFails() {
        AmpProtocolException e = assertThrows(AmpProtocolException.class,
                () -> StreamValidator.fromStart(STREAM, 100).validate(List.of()));

        assertEquals(Violation.EMPTY_RANGES, e.violation());
        assertMentions(e, "amp-stream: true");
    }

    @Test
    void aNetworkTwiceInOneMessageFails() {
        AmpProtocolException e = assertThrows(AmpProtocolException.class,
                () -> StreamValidator.fromStart(STREAM, 100).validate(List.of(chain.range(0, 9), chain.range(10, 19))));

        assertEquals(Violation.DUPLICATE_NETWORK, e.violation());
    }

    @Test
    void aRangeWithoutAValidHashFails() {
        for (BlockRange range : List.of(new BlockRange(NET, 0, 9, null, null), new BlockRange(NET, 0, 9, "0xaaa", null),
                new BlockRange(NET, 1, 9, chain.hash(9), "0x999"))) {
            AmpProtocolException e = assertThrows(AmpProtocolException.class,
                    () -> StreamValidator.fromStart(STREAM, 100).validate(List.of(range)), range.toString());
            assertEquals(Violation.INVALID_HASH, e.violation());
        }
    }

    @Test
    void aNewMicrobatchBeforeThePreviousWatermarkFails() {
        StreamValidator validator = StreamValidator.fromStart(STREAM, 100);
        validator.validate(chain.batch(0, 99));

        AmpProtocolException e = assertThrows(AmpProtocolException.class, () -> validator.validate(chain.batch(100, 199)));

        assertEquals(Violation.MISSING_WATERMARK, e.violation());
    }

    // --- reorgs ---

    @Test
    void aReorgInvalidatesFromTheRecoveryPointToTheFurthestEnd() {
        TestChain fork = chain.forkAfter(101, 1);
        StreamValidator longer = completed(chain.batch(0, 99), chain.batch(100, 101), chain.batch(102, 103));
        StreamValidator shorter = completed(chain.batch(0, 99), chain.batch(100, 101), chain.batch(102, 110));

        Reorg toLonger = (Reorg) longer.validate(fork.batch(102, 105));
        Reorg toShorter = (Reorg) shorter.validate(fork.batch(102, 105));

        assertEquals(List.of(Invalidation.reorg(STREAM, NET, 102, 105)), toLonger.invalidations());
        assertEquals(List.of(Invalidation.reorg(STREAM, NET, 102, 110)), toShorter.invalidations());
    }

    @Test
    void aReorgStartingRightAfterTheRecoveryPointIsAcceptedAsTheNewForksFirstBatch() {
        TestChain fork = chain.forkAfter(99, 1);
        StreamValidator validator = completed(chain.batch(0, 99), chain.batch(100, 101));

        Reorg reorg = (Reorg) validator.validate(fork.batch(100, 102));

        assertTrue(reorg.acceptIncoming());
        assertEquals(Optional.of(CompletedBatch.of(chain.batch(0, 99))), reorg.recoveryPoint());
        assertEquals(Optional.of(ResumeCursor.of(NET, 99, chain.hash(99))), reorg.resumeCursor());
        assertEquals(List.of(CompletedBatch.of(chain.batch(0, 99))), validator.history().entries());
        assertEquals(reorg.resumeCursor(), validator.cursor());
        // the caller continues with the incoming microbatch
        assertEquals(new SameBatch(fork.batch(100, 102), false), validator.validate(fork.batch(100, 102)));
        assertTrue(validator.markComplete(fork.batch(100, 102)));
        assertInstanceOf(NextBatch.class, validator.validate(fork.batch(103, 103)));
    }

    @Test
    void aReorgLandingInsideAnEarlierMicrobatchInvalidatesFromItsStartAndReconnects() {
        TestChain fork = chain.forkAfter(1499, 1);
        StreamValidator validator = completed(chain.batch(0, 999), chain.batch(1000, 1999), chain.batch(2000, 2001));

        Reorg reorg = (Reorg) validator.validate(fork.batch(1500, 2001));

        assertFalse(reorg.acceptIncoming());
        assertEquals(List.of(Invalidation.reorg(STREAM, NET, 1000, 2001)), reorg.invalidations());
        assertEquals(Optional.of(ResumeCursor.of(NET, 999, chain.hash(999))), reorg.resumeCursor());
        assertEquals(reorg.resumeCursor(), validator.cursor());
        // after reconnecting with the recovery cursor the server re-sends from block 1000
        assertEquals(new NextBatch(fork.batch(1000, 1999), false), validator.validate(fork.batch(1000, 1999)));
    }

    @Test
    void aReorgWhoseParentIsNotTheRecoveryPointsHashReconnectsInsteadOfAccepting() {
        // incoming starts right after the recovery point but links to another block 99: the fork is deeper
        TestChain deeper = chain.forkAfter(90, 1);
        StreamValidator validator = completed(chain.batch(0, 89), chain.batch(90, 99), chain.batch(100, 101));

        Reorg reorg = (Reorg) validator.validate(deeper.batch(100, 102));

        assertFalse(reorg.acceptIncoming());
        assertEquals(Optional.of(ResumeCursor.of(NET, 99, chain.hash(99))), reorg.resumeCursor());
        // the server, asked to resume after the non-canonical block 99, walks back to 91
        Reorg walkedBack = (Reorg) validator.validate(deeper.batch(91, 102));
        assertEquals(List.of(Invalidation.reorg(STREAM, NET, 90, 102)), walkedBack.invalidations());
        assertEquals(Optional.of(ResumeCursor.of(NET, 89, chain.hash(89))), walkedBack.resumeCursor());
    }

    @Test
    void aKeepAliveCanBeTheFirstSignOfAReorg() {
        TestChain fork = chain.forkAfter(100, 1);
        StreamValidator validator = completed(chain.batch(0, 100), chain.batch(101, 101), chain.batch(102, 102));

        // zero rows, ranges_complete:false, carrying the range of the microbatch being computed
        StreamEvent keepAlive = validator.validate(fork.batch(101, 103));

        Reorg reorg = assertInstanceOf(Reorg.class, keepAlive);
        assertTrue(reorg.acceptIncoming());
        assertEquals(List.of(Invalidation.reorg(STREAM, NET, 101, 103)), reorg.invalidations());
        assertEquals(new SameBatch(fork.batch(101, 103), false), validator.validate(fork.batch(101, 103)));
    }

    @Test
    void aPartialOverlapWithTheMicrobatchInProgressIsAReorgFromItsStart() {
        TestChain fork = chain.forkAfter(99, 1);
        StreamValidator validator = completed(chain.batch(0, 99));
        validator.validate(chain.batch(100, 199));                       // pieces of 100..199 arrive, no watermark yet

        Reorg reorg = (Reorg) validator.validate(fork.batch(100, 150)); // the server re-plans from 100 on the new fork

        assertTrue(reorg.acceptIncoming());
        assertEquals(List.of(Invalidation.reorg(STREAM, NET, 100, 199)), reorg.invalidations());
    }

    @Test
    void aJumpIntoTheMicrobatchInProgressReconnectsFromItsStart() {
        TestChain fork = chain.forkAfter(149, 1);
        StreamValidator validator = completed(chain.batch(0, 99));
        validator.validate(chain.batch(100, 199));

        Reorg reorg = (Reorg) validator.validate(fork.batch(150, 199));

        assertFalse(reorg.acceptIncoming());
        assertEquals(List.of(Invalidation.reorg(STREAM, NET, 100, 199)), reorg.invalidations());
        assertEquals(Optional.of(ResumeCursor.of(NET, 99, chain.hash(99))), reorg.resumeCursor());
    }

    @Test
    void aReorgDeeperThanTheHistoryFailsAndNamesTheRestCallsToRewind() {
        StreamValidator validator = StreamValidator.resumeFrom(STREAM, ResumeCursor.of(NET, 1009, chain.hash(1009)),
                history(10, chain.batch(990, 999), chain.batch(1000, 1009)));
        validator.validate(chain.batch(1010, 1019));
        validator.markComplete(chain.batch(1010, 1019));
        BlockRange deep = chain.forkAfter(994, 1).range(995, 1020);

        AmpProtocolException e = assertThrows(AmpProtocolException.class, () -> validator.validate(List.of(deep)));

        assertEquals(Violation.REORG_DEEPER_THAN_HISTORY, e.violation());
        assertMentions(e, "'" + STREAM + "'", "'" + NET + "'", deep.toString(), "unrecoverable",
                "reorg.max.depth.blocks=10", "PUT /connectors/<connector>/stop",
                "PATCH /connectors/<connector>/offsets", "{\"partition\":{\"stream\":\"" + STREAM + "\"}");
    }

    // --- the beginning of a stream ---

    @Test
    void aReorgBeforeAnyWatermarkAtTheStreamStartFollowsThePlainRule() {
        TestChain fork = chain.forkAfter(99, 1);
        StreamValidator validator = StreamValidator.fromStart(STREAM, 100);
        validator.validate(chain.batch(100, 199));                      // the stream begins at block 100

        Reorg reorg = (Reorg) validator.validate(fork.batch(100, 150));

        assertTrue(reorg.acceptIncoming());
        assertEquals(Optional.empty(), reorg.recoveryPoint());
        assertEquals(List.of(Invalidation.reorg(STREAM, NET, 100, 199)), reorg.invalidations());
        assertEquals(Optional.empty(), validator.cursor());
    }

    @Test
    void aReorgIntoTheFirstMicrobatchStartsTheStreamOver() {
        TestChain fork = chain.forkAfter(499, 1);
        StreamValidator validator = completed(chain.batch(0, 999), chain.batch(1000, 1000));

        Reorg reorg = (Reorg) validator.validate(fork.batch(500, 1001));

        // invalidation starts on the first microbatch's boundary, not at 500; reconnect without amp-resume
        assertFalse(reorg.acceptIncoming());
        assertEquals(Optional.empty(), reorg.resumeCursor());
        assertEquals(List.of(Invalidation.reorg(STREAM, NET, 0, 1001)), reorg.invalidations());
        assertEquals(Optional.empty(), validator.cursor());
        assertTrue(validator.history().isEmpty());
        assertEquals(new NextBatch(fork.batch(0, 999), true), validator.validate(fork.batch(0, 999)));
    }

    @Test
    void onceTheFirstMicrobatchIsPrunedTheStreamStartIsNoLongerARecoveryPoint() {
        StreamValidator validator = StreamValidator.fromStart(STREAM, 5);
        for (long start = 100; start < 200; start += 10) {
            validator.validate(chain.batch(start, start + 9));
            validator.markComplete(chain.batch(start, start + 9));
        }

        AmpProtocolException e = assertThrows(AmpProtocolException.class,
                () -> validator.validate(chain.forkAfter(150, 1).batch(151, 200)));

        assertEquals(Violation.REORG_DEEPER_THAN_HISTORY, e.violation());
    }

    // --- resuming ---

    @Test
    void aResumedStreamContinuesAfterTheCursor() {
        StreamValidator validator = resumed(history(100, chain.batch(0, 99), chain.batch(100, 199)));

        assertEquals(new NextBatch(chain.batch(200, 200), false), validator.validate(chain.batch(200, 200)));
    }

    @Test
    void aReorgWhileTheClientWasDownShowsUpAsABackwardsJumpOnTheFirstBatch() {
        TestChain fork = chain.forkAfter(197, 1);
        StreamValidator validator = resumed(history(100, chain.batch(0, 99), chain.batch(100, 189),
                chain.batch(190, 199)));

        Reorg reorg = (Reorg) validator.validate(fork.batch(198, 205));  // the server walked back to 198

        assertFalse(reorg.acceptIncoming());
        assertEquals(List.of(Invalidation.reorg(STREAM, NET, 190, 205)), reorg.invalidations());
        assertEquals(Optional.of(ResumeCursor.of(NET, 189, chain.hash(189))), reorg.resumeCursor());
    }

    @Test
    void aServerRestartingAtBlockZeroIgnoredTheResume() {
        StreamValidator validator = resumed(history(100, chain.batch(0, 99), chain.batch(100, 199)));

        AmpProtocolException e = assertThrows(AmpProtocolException.class, () -> validator.validate(chain.batch(0, 999)));

        assertEquals(Violation.RESUME_IGNORED, e.violation());
        assertMentions(e, "'" + STREAM + "'", "'" + NET + "'", "at block 0",
                ResumeCursor.of(NET, 199, chain.hash(199)).toHeaderValue(), "re-ingest", "PATCH /connectors/<connector>/offsets");
    }

    @Test
    void aServerRestartingBeforeTheOldestWatermarkIgnoredTheResume() {
        // the dataset starts at block 5000; the history was pruned to 6000..6199
        StreamValidator validator = resumed(history(100, chain.batch(6000, 6099), chain.batch(6100, 6199)));

        AmpProtocolException e = assertThrows(AmpProtocolException.class,
                () -> validator.validate(chain.batch(5000, 5999)));

        assertEquals(Violation.RESUME_IGNORED, e.violation());
        assertMentions(e, "before the oldest stored watermark");
    }

    @Test
    void onlyTheFirstBatchAfterAResumeIsCheckedForAnIgnoredResume() {
        StreamValidator validator = resumed(history(5, chain.batch(6000, 6099), chain.batch(6100, 6199)));
        validator.validate(chain.batch(6200, 6299));
        validator.markComplete(chain.batch(6200, 6299));

        AmpProtocolException e = assertThrows(AmpProtocolException.class,
                () -> validator.validate(chain.forkAfter(5000, 1).batch(5001, 6300)));

        assertEquals(Violation.REORG_DEEPER_THAN_HISTORY, e.violation());
    }

    @Test
    void aReconnectAfterAReorgIsCheckedForAnIgnoredResumeToo() {
        TestChain fork = chain.forkAfter(1499, 1);
        StreamValidator validator = completed(chain.batch(0, 999), chain.batch(1000, 1999), chain.batch(2000, 2001));
        validator.validate(fork.batch(1500, 2001));                     // reconnect with the cursor after 999

        AmpProtocolException e = assertThrows(AmpProtocolException.class, () -> validator.validate(fork.batch(0, 999)));

        assertEquals(Violation.RESUME_IGNORED, e.violation());
    }

    @Test
    void aResumeFromACursorWithoutHistoryContinuesAfterIt() {
        StreamValidator validator = StreamValidator.resumeFrom(STREAM, ResumeCursor.of(NET, 499, chain.hash(499)),
                new WatermarkHistory(100));

        assertEquals(new NextBatch(chain.batch(500, 599), false), validator.validate(chain.batch(500, 599)));
        assertEquals(Optional.of(ResumeCursor.of(NET, 499, chain.hash(499))), validator.cursor());
        validator.markComplete(chain.batch(500, 599));
        assertEquals(Optional.of(ResumeCursor.of(NET, 599, chain.hash(599))), validator.cursor());
    }

    @Test
    void aResumeFromACursorWithoutHistoryCannotRecoverAWalkBack() {
        StreamValidator validator = StreamValidator.resumeFrom(STREAM, ResumeCursor.of(NET, 499, chain.hash(499)),
                new WatermarkHistory(100));

        AmpProtocolException e = assertThrows(AmpProtocolException.class,
                () -> validator.validate(chain.forkAfter(497, 1).batch(498, 510)));

        assertEquals(Violation.REORG_DEEPER_THAN_HISTORY, e.violation());
    }

    @Test
    void aResumeFromACursorWithoutHistoryStillChecksTheHashChain() {
        StreamValidator validator = StreamValidator.resumeFrom(STREAM, ResumeCursor.of(NET, 499, chain.hash(499)),
                new WatermarkHistory(100));

        AmpProtocolException e = assertThrows(AmpProtocolException.class,
                () -> validator.validate(chain.forkAfter(400, 1).batch(500, 510)));

        assertEquals(Violation.HASH_CHAIN_BREAK, e.violation());
    }

    @Test
    void aCursorNamingAnOlderStoredWatermarkDropsTheNewerOnes() {
        WatermarkHistory history = history(1000, chain.batch(0, 99), chain.batch(100, 199), chain.batch(200, 299));

        StreamValidator validator = StreamValidator.resumeFrom(STREAM, ResumeCursor.of(NET, 99, chain.hash(99)), history);

        assertEquals(List.of(CompletedBatch.of(chain.batch(0, 99))), validator.history().entries());
        assertEquals(new NextBatch(chain.batch(100, 149), false), validator.validate(chain.batch(100, 149)));
    }

    @Test
    void aCursorThatIsNoneOfTheStoredWatermarksIsInconsistent() {
        WatermarkHistory history = history(1000, chain.batch(0, 99), chain.batch(100, 199));

        AmpProtocolException e = assertThrows(AmpProtocolException.class,
                () -> StreamValidator.resumeFrom(STREAM, ResumeCursor.of(NET, 150, chain.hash(150)), history));

        assertEquals(Violation.INCONSISTENT_OFFSET, e.violation());
        assertMentions(e, "\"history\":[]");
    }

    @Test
    void aReconnectForgetsTheMicrobatchInProgress() {
        StreamValidator validator = completed(chain.batch(0, 99));
        validator.validate(chain.batch(100, 199));

        Optional<ResumeCursor> cursor = validator.reconnect();

        assertEquals(Optional.of(ResumeCursor.of(NET, 99, chain.hash(99))), cursor);
        // the server re-plans: a different boundary is a new microbatch, not a reorg
        assertEquals(new NextBatch(chain.batch(100, 150), false), validator.validate(chain.batch(100, 150)));
    }

    @Test
    void aReconnectBeforeAnyWatermarkStartsOver() {
        StreamValidator validator = StreamValidator.fromStart(STREAM, 100);
        validator.validate(chain.batch(0, 99));

        assertEquals(Optional.empty(), validator.reconnect());
        assertEquals(new NextBatch(chain.batch(0, 49), true), validator.validate(chain.batch(0, 49)));
    }

    // --- several networks ---

    @Test
    void severalNetworksAdvanceTogether() {
        TestChain base = TestChain.of("base");
        StreamValidator validator = completed(List.of(chain.range(0, 9), base.range(0, 99)));

        StreamEvent event = validator.validate(List.of(base.range(100, 199), chain.range(10, 19)));

        assertInstanceOf(NextBatch.class, event);
    }

    @Test
    void aNetworkMayStayPutWhileAnotherAdvances() {
        TestChain base = TestChain.of("base");
        StreamValidator validator = completed(List.of(chain.range(0, 9), base.range(0, 99)));

        assertInstanceOf(NextBatch.class, validator.validate(List.of(chain.range(10, 19), base.range(0, 99))));
    }

    @Test
    void aReorgOnOneNetworkInvalidatesTheAbandonedMicrobatchesOnEveryNetwork() {
        TestChain base = TestChain.of("base");
        TestChain forkedBase = base.forkAfter(150, 1);
        StreamValidator validator = completed(List.of(chain.range(0, 9), base.range(0, 99)),
                List.of(chain.range(10, 19), base.range(100, 199)), List.of(chain.range(20, 29), base.range(200, 299)));

        Reorg reorg = (Reorg) validator.validate(List.of(chain.range(30, 39), forkedBase.range(151, 300)));

        assertEquals(List.of(Invalidation.reorg(STREAM, NET, 10, 39), Invalidation.reorg(STREAM, "base", 100, 300)),
                reorg.invalidations());
        assertFalse(reorg.acceptIncoming());
        assertEquals("{\"base\":{\"number\":99,\"hash\":\"" + base.hash(99) + "\"},\"" + NET + "\":{\"number\":9,\"hash\":\""
                + chain.hash(9) + "\"}}", reorg.resumeCursor().orElseThrow().toHeaderValue());
    }

    @Test
    void aGapOnOneNetworkFailsEvenIfTheOtherContinues() {
        TestChain base = TestChain.of("base");
        StreamValidator validator = completed(List.of(chain.range(0, 9), base.range(0, 99)));

        AmpProtocolException e = assertThrows(AmpProtocolException.class,
                () -> validator.validate(List.of(chain.range(10, 19), base.range(101, 199))));

        assertEquals(Violation.FORWARD_GAP, e.violation());
        assertMentions(e, "'base'");
    }

    // --- helpers ---

    @SafeVarargs
    private static StreamValidator completed(List<BlockRange>... microbatches) {
        StreamValidator validator = StreamValidator.fromStart(STREAM, 100_000);
        for (List<BlockRange> microbatch : microbatches) {
            validator.validate(microbatch);
            validator.markComplete(microbatch);
        }
        return validator;
    }

    @SafeVarargs
    private static WatermarkHistory history(long maxDepthBlocks, List<BlockRange>... microbatches) {
        WatermarkHistory history = new WatermarkHistory(maxDepthBlocks);
        for (List<BlockRange> microbatch : microbatches) {
            history.add(microbatch);
        }
        return history;
    }

    private static StreamValidator resumed(WatermarkHistory history) {
        return StreamValidator.resumeFrom(STREAM, history.latest().orElseThrow().cursor(), history);
    }

    private static void assertMentions(AmpProtocolException e, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "message lacks '" + fragment + "': " + e.getMessage());
        }
    }
}
