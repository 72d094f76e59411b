package dev.ampconnect.common.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.protocol.AmpProtocolException.Violation;
import dev.ampconnect.common.range.BlockRange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

class WatermarkHistoryTest {

    private final TestChain chain = TestChain.main();

    @Test
    void isSizedInBlocksNotInWatermarks() {
        WatermarkHistory singleBlocks = new WatermarkHistory(100);
        for (long block = 0; block < 200; block++) {
            singleBlocks.add(chain.batch(block, block));
        }
        WatermarkHistory tenBlockBatches = new WatermarkHistory(100);
        for (long start = 0; start < 2000; start += 10) {
            tenBlockBatches.add(chain.batch(start, start + 9));
        }

        assertEquals(101, singleBlocks.size());
        assertEquals(99, singleBlocks.oldest().orElseThrow().end(TestChain.NETWORK));
        assertEquals(11, tenBlockBatches.size());
        assertEquals(1899, tenBlockBatches.oldest().orElseThrow().end(TestChain.NETWORK));
    }

    @Test
    void alwaysKeepsTheNewestWatermark() {
        WatermarkHistory history = new WatermarkHistory(0);
        history.add(chain.batch(0, 999));
        history.add(chain.batch(1000, 1999));

        assertEquals(List.of(CompletedBatch.of(chain.batch(1000, 1999))), history.entries());
    }

    @Test
    void keepsTheBoundaryBelowTheDepthWindowSoAShallowReorgAfterABigMicrobatchIsRecoverable() {
        WatermarkHistory history = new WatermarkHistory(10);
        history.add(chain.batch(0, 999));
        history.add(chain.batch(1000, 1999));
        history.add(chain.batch(2000, 2000));
        history.add(chain.batch(2001, 2001));

        // a 4-block reorg (1998..2001) needs a boundary below 1998: only 0..999 is one
        assertEquals(Optional.of(CompletedBatch.of(chain.batch(0, 999))),
                history.recoveryPoint(TestChain.NETWORK, 1998));
    }

    @Test
    void dropsOldWatermarksOnceANewerOneIsDeepEnough() {
        WatermarkHistory history = new WatermarkHistory(10);
        history.add(chain.batch(0, 999));
        history.add(chain.batch(1000, 1999));
        for (long block = 2000; block <= 2012; block++) {
            history.add(chain.batch(block, block));
        }

        assertEquals(11, history.size());
        assertEquals(2002, history.oldest().orElseThrow().end(TestChain.NETWORK));
        assertEquals(2012, history.latest().orElseThrow().end(TestChain.NETWORK));
    }

    @Test
    void recoveryPointIsTheNewestWatermarkEndingBeforeTheIncomingStart() {
        WatermarkHistory history = new WatermarkHistory(5000);
        history.add(chain.batch(0, 999));
        history.add(chain.batch(1000, 1999));
        history.add(chain.batch(2000, 2000));

        assertEquals(1999, history.recoveryPoint(TestChain.NETWORK, 2000).orElseThrow().end(TestChain.NETWORK));
        assertEquals(2000, history.recoveryPoint(TestChain.NETWORK, 2001).orElseThrow().end(TestChain.NETWORK));
        assertEquals(999, history.recoveryPoint(TestChain.NETWORK, 1500).orElseThrow().end(TestChain.NETWORK));
        assertEquals(999, history.recoveryPoint(TestChain.NETWORK, 1000).orElseThrow().end(TestChain.NETWORK));
        assertEquals(Optional.empty(), history.recoveryPoint(TestChain.NETWORK, 999));
        assertEquals(Optional.empty(), new WatermarkHistory(10).recoveryPoint(TestChain.NETWORK, 5));
    }

    @Test
    void severalNetworksNeedAWatermarkBeforeTheIncomingStartOnEachOfThem() {
        TestChain base = TestChain.of("base");
        WatermarkHistory history = new WatermarkHistory(5000);
        history.add(List.of(chain.range(0, 9), base.range(0, 99)));
        history.add(List.of(chain.range(10, 19), base.range(100, 199)));
        history.add(List.of(chain.range(20, 29), base.range(200, 299)));

        Optional<CompletedBatch> point = history.recoveryPoint(Map.of(TestChain.NETWORK, 25L, "base", 150L));

        assertEquals(List.of(chain.range(0, 9), base.range(0, 99)), point.orElseThrow().ranges());
    }

    @Test
    void aNetworkMayKeepItsRangeWhileAnotherAdvances() {
        TestChain base = TestChain.of("base");
        WatermarkHistory history = new WatermarkHistory(5000);
        history.add(List.of(chain.range(0, 9), base.range(0, 99)));
        history.add(List.of(chain.range(10, 19), base.range(0, 99)));

        assertEquals(2, history.size());
    }

    @Test
    void refusesAWatermarkThatDoesNotContinueTheNewestOne() {
        TestChain fork = chain.forkAfter(5, 1);
        List<List<BlockRange>> invalid = List.of(
                chain.batch(0, 9),                                    // the newest again
                chain.batch(11, 19),                                  // a gap
                fork.batch(10, 19),                                   // prev_hash of another fork
                chain.batch(5, 19),                                   // going back
                List.of(chain.range(10, 19), TestChain.of("base").range(0, 1)), // another network set
                List.of(TestChain.of("base").range(10, 19)));

        for (List<BlockRange> ranges : invalid) {
            WatermarkHistory history = new WatermarkHistory(100);
            history.add(chain.batch(0, 9));
            assertThrows(IllegalArgumentException.class, () -> history.add(ranges), ranges.toString());
            assertEquals(1, history.size());
        }
    }

    @Test
    void timestampsAreNotPartOfAWatermark() {
        WatermarkHistory history = new WatermarkHistory(100);
        BlockRange range = chain.range(0, 9);
        history.add(List.of(new BlockRange(range.network(), 0, 9, range.hash(), range.prevHash(), 1700000000L)));

        assertNull(history.latest().orElseThrow().ranges().get(0).timestamp());
    }

    @Test
    void offsetFormIsOneSmallMapPerWatermarkKeyedByNetwork() {
        WatermarkHistory history = new WatermarkHistory(100);
        history.add(List.of(new BlockRange("anvil", 0, 9, chain.hash(9), null)));

        List<Map<String, Object>> value = history.toOffsetValue();

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("anvil", Arrays.asList(0L, 9L, chain.hash(9), null));
        assertEquals(List.of(expected), value);
        String json = new String(jsonConverter().fromConnectData("offsets", null, value), StandardCharsets.UTF_8);
        assertEquals("[{\"anvil\":[0,9,\"" + chain.hash(9) + "\",null]}]", json);
    }

    @Test
    void offsetFormStaysSmallForADeepHistoryAtTheChainHead() {
        WatermarkHistory history = new WatermarkHistory(128);
        for (long block = 0; block < 1000; block++) {
            history.add(chain.batch(block, block));
        }

        byte[] json = jsonConverter().fromConnectData("offsets", null, history.toOffsetValue());

        assertEquals(129, history.size());
        assertTrue(json.length < 129 * 180, "history of 129 watermarks takes " + json.length + " bytes");
    }

    @Test
    void offsetFormRoundTripsThroughConnectsOffsetConverter() {
        TestChain base = TestChain.of("base-sepolia");
        WatermarkHistory history = new WatermarkHistory(1000);
        history.add(List.of(chain.range(0, 999), new BlockRange("base-sepolia", 0, 4, base.hash(4), null)));
        history.add(List.of(chain.range(1000, 1000), base.range(5, 5)));
        history.add(List.of(chain.range(1001, 1002), base.range(5, 5)));
        JsonConverter converter = jsonConverter();

        byte[] stored = converter.fromConnectData("offsets", null, history.toOffsetValue());
        Object read = converter.toConnectData("offsets", stored).value();
        WatermarkHistory restored = WatermarkHistory.fromOffsetValue(read, 1000);

        assertEquals(history.entries(), restored.entries());
        assertEquals(1000, restored.maxDepthBlocks());
    }

    @Test
    void readingBackAppliesTheConfiguredDepth() {
        WatermarkHistory history = new WatermarkHistory(1000);
        for (long block = 0; block < 100; block++) {
            history.add(chain.batch(block, block));
        }

        WatermarkHistory shallower = WatermarkHistory.fromOffsetValue(history.toOffsetValue(), 10);

        assertEquals(11, shallower.size());
        assertEquals(history.latest(), shallower.latest());
    }

    @Test
    void anOffsetWithoutHistoryIsAnEmptyHistory() {
        assertTrue(WatermarkHistory.fromOffsetValue(null, 10).isEmpty());
        assertTrue(WatermarkHistory.fromOffsetValue(List.of(), 10).isEmpty());
    }

    @Test
    void rejectsAMalformedStoredHistory() {
        String hash = chain.hash(9);
        List<Object> invalid = new ArrayList<>(List.of(
                "[]",
                Map.of("eth", List.of(0, 9, hash, hash)),
                List.of("x"),
                List.of(Map.of()),
                List.of(Map.of("eth", List.of(0, 9, hash))),
                List.of(Map.of("eth", List.of(0, 9, hash, hash, hash))),
                List.of(Map.of("eth", List.of(-1, 9, hash, hash))),
                List.of(Map.of("eth", List.of(0.5, 9, hash, hash))),
                List.of(Map.of("eth", List.of("0", 9, hash, hash))),
                List.of(Map.of("eth", List.of(10, 9, hash, hash))),
                List.of(Map.of("eth", List.of(0, 9, "0xaaa", hash))),
                List.of(Map.of("eth", List.of(0, 9, hash, "0xaaa"))),
                List.of(Map.of("", List.of(0, 9, hash, hash))),
                List.of(Map.of("eth", List.of(0, 9, hash, hash)), Map.of("eth", List.of(11, 19, hash, hash))),
                List.of(Map.of("eth", List.of(0, 9, hash, hash)), Map.of("eth", List.of(10, 19, hash, chain.hash(8))))));
        invalid.add(List.of(Map.of("eth", Arrays.asList(0, 9, null, null))));

        for (Object value : invalid) {
            AmpProtocolException e = assertThrows(AmpProtocolException.class,
                    () -> WatermarkHistory.fromOffsetValue(value, 100), String.valueOf(value));
            assertEquals(Violation.MALFORMED_HISTORY, e.violation(), String.valueOf(value));
            assertTrue(e.getMessage().contains("\"history\":[]"), e.getMessage());
        }
    }

    @Test
    void copiesAreIndependent() {
        WatermarkHistory history = new WatermarkHistory(100);
        history.add(chain.batch(0, 9));
        WatermarkHistory copy = history.copy();

        history.add(chain.batch(10, 19));

        assertEquals(1, copy.size());
        assertEquals(2, history.size());
    }

    static JsonConverter jsonConverter() {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);
        return converter;
    }
}
