package dev.ampconnect.simulator.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChainStateTest {

    private static final ChainSpec SPEC = new ChainSpec("anvil", 1, 1_700_000_000L, 12);

    @Test
    void blocksChainByParentHashFromAZeroGenesisParent() {
        List<BlockRef> blocks = ChainState.genesis(SPEC, 10).blocks(0, 10);

        assertEquals(BlockHash.ZERO, blocks.get(0).parentHash());
        for (int i = 1; i < blocks.size(); i++) {
            assertEquals(blocks.get(i - 1).hash(), blocks.get(i).parentHash());
            assertEquals(1_700_000_000L + 12L * i, blocks.get(i).timestamp());
        }
    }

    @Test
    void aReorgChangesHashesFromTheForkPointOnOnly() {
        ChainState before = ChainState.genesis(SPEC, 20);
        ChainState after = before.withReorgFrom(15);

        for (long n = 0; n < 15; n++) {
            assertEquals(before.hash(n), after.hash(n), "block " + n);
        }
        for (long n = 15; n <= 20; n++) {
            assertNotEquals(before.hash(n), after.hash(n), "block " + n);
        }
        assertEquals(after.hash(14), after.block(15).parentHash());
        assertEquals(1, after.reorgCount());
        assertTrue(after.version() > before.version());
    }

    @Test
    void nextBlockAfterACanonicalBlockIsItsSuccessor() {
        ChainState state = ChainState.genesis(SPEC, 20);
        assertEquals(8, state.nextBlockAfter(7, state.hash(7)));
    }

    @Test
    void nextBlockAfterAnOrphanedBlockIsTheForkPoint() {
        ChainState before = ChainState.genesis(SPEC, 20);
        ChainState after = before.withReorgFrom(15);

        assertEquals(15, after.nextBlockAfter(20, before.hash(20)));
        assertEquals(15, after.nextBlockAfter(17, before.hash(17)));
        assertEquals(15, after.nextBlockAfter(15, before.hash(15)));
    }

    @Test
    void walkingBackCrossesSeveralForks() {
        ChainState first = ChainState.genesis(SPEC, 30);
        ChainState second = first.withReorgFrom(20).withHead(40);
        ChainState third = second.withReorgFrom(25);
        ChainState fourth = third.withReorgFrom(10);

        assertEquals(25, third.nextBlockAfter(40, second.hash(40)), "second fork's tip, abandoned at 25");
        assertEquals(20, third.nextBlockAfter(30, first.hash(30)), "first fork, abandoned at 20");
        assertEquals(10, fourth.nextBlockAfter(40, third.hash(40)), "a deeper reorg supersedes the shallower ones");
        assertEquals(10, fourth.nextBlockAfter(22, second.hash(22)));
        assertEquals(6, fourth.nextBlockAfter(5, fourth.hash(5)));
    }

    @Test
    void anUnknownHashRestartsAtItsBlockAsAmpdDoes() {
        ChainState state = ChainState.genesis(SPEC, 20);
        assertEquals(12, state.nextBlockAfter(12, BlockHash.parse("0x" + "ab".repeat(32))));
        assertEquals(25, state.nextBlockAfter(25, BlockHash.parse("0x" + "ab".repeat(32))), "past the head: wait there");
    }

    @Test
    void genesisIsFinal() {
        ChainState state = ChainState.genesis(SPEC, 5);
        assertThrows(IllegalArgumentException.class, () -> state.withReorgFrom(0));
        assertThrows(IllegalArgumentException.class, () -> state.withReorgFrom(6));
        assertThrows(IllegalArgumentException.class, () -> state.block(6));
    }

    @Test
    void hashesDependOnSeedAndNetwork() {
        BlockHash base = ChainState.genesis(SPEC, 1).hash(1);
        assertNotEquals(base, ChainState.genesis(new ChainSpec("anvil", 2, 0, 12), 1).hash(1));
        assertNotEquals(base, ChainState.genesis(new ChainSpec("base-sepolia", 1, 0, 12), 1).hash(1));
        assertEquals(base, ChainState.genesis(new ChainSpec("anvil", 1, 0, 1), 1).hash(1), "timestamps do not matter");
    }

    @Test
    void scheduledAndPeriodicReorgsFireAsTheHeadPassesThem() {
        SyntheticChain chain = new SyntheticChain(SPEC, 0);
        chain.scheduleReorg(7, 2);
        chain.reorgEvery(5, 1);

        chain.mine(10);

        List<ReorgEvent> reorgs = chain.reorgs();
        assertEquals(List.of(5L, 6L, 10L), reorgs.stream().map(ReorgEvent::firstReplacedBlock).toList());
        assertEquals(List.of(1L, 2L, 1L), reorgs.stream().map(ReorgEvent::depth).toList());
        assertEquals(10, chain.head());
        assertFalse(chain.state().isCanonical(10, reorgs.get(2).oldHeadHash()));
    }

    @Test
    void blockHashTextRoundTrips() {
        BlockHash hash = ChainState.genesis(SPEC, 3).hash(3);
        assertEquals(hash, BlockHash.parse(hash.hex()));
        assertEquals(hash, BlockHash.parse(hash.hex().substring(2)));
        assertThrows(IllegalArgumentException.class, () -> BlockHash.parse("0x1234"));
    }
}
