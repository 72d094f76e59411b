package dev.ampconnect.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.simulator.data.TableRow;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Queries without {@code amp-stream}: the canonical rows of the current chain, block filters, projections. */
class BatchQueryTest {

    private static AmpSimulator amp;
    private static SimClient client;

    @BeforeAll
    static void start() throws Exception {
        amp = AmpSimulator.builder().initialHead(60).start();
        amp.chain().reorg(5);
        client = SimClient.connect(amp);
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        amp.close();
    }

    @Test
    void aBatchQueryReturnsTheCanonicalRowsUnderOneRangeAndEndsWithTheWatermark() throws Exception {
        List<ReceivedBatch> batches = client.readAll("SELECT * FROM anvil.transactions", Map.of());

        assertEquals(canonical("transactions", 0, 60), rows(batches));
        ReceivedBatch last = batches.get(batches.size() - 1);
        assertTrue(last.isEmpty() && last.isWatermark());
        for (ReceivedBatch batch : batches) {
            WireMetadata.WireRange range = batch.range();
            assertEquals(List.of(0L, 60L), List.of(range.start(), range.end()));
            assertEquals(amp.chain().block(60).hash().hex(), range.hash(), "the reorged head's hash");
        }
    }

    @Test
    void blockFiltersRestrictRowsAndTheRange() throws Exception {
        Map<String, List<Long>> filters = Map.of(
                "WHERE block_num BETWEEN 10 AND 19", List.of(10L, 19L),
                "WHERE _block_num >= 55", List.of(55L, 60L),
                "WHERE block_num <= 3", List.of(0L, 3L),
                "WHERE block_num > 20 AND block_num < 25", List.of(21L, 24L),
                "WHERE 30 = block_num", List.of(30L, 30L),
                "WHERE (block_num >= 5) AND block_num <= 1000", List.of(5L, 60L));
        for (Map.Entry<String, List<Long>> filter : filters.entrySet()) {
            List<ReceivedBatch> batches = client.readAll("SELECT * FROM \"edgeandnode/anvil@1.0.0\".logs "
                    + filter.getKey(), Map.of());
            long from = filter.getValue().get(0);
            long to = filter.getValue().get(1);

            assertEquals(canonical("logs", from, to), rows(batches), filter.getKey());
            assertEquals(List.of(from, to), List.of(batches.get(0).range().start(), batches.get(0).range().end()),
                    filter.getKey());
        }
    }

    @Test
    void aFilterPastTheHeadReturnsNoRowsAndNoRange() throws Exception {
        List<ReceivedBatch> batches = client.readAll("SELECT * FROM anvil.blocks WHERE block_num >= 1000", Map.of());

        assertEquals(1, batches.size());
        assertTrue(batches.get(0).isWatermark() && batches.get(0).metadata().ranges().isEmpty());
    }

    @Test
    void selectedColumnsComeInTheOrderAsked() throws Exception {
        FlightInfo info = client.info("SELECT tx_hash, \"block_num\", value FROM eth_rpc.transactions", Map.of());
        List<ReceivedBatch> batches = client.readAll("SELECT tx_hash, \"block_num\", value FROM eth_rpc.transactions "
                + "WHERE block_num = 7", Map.of());

        assertEquals(List.of("tx_hash", "block_num", "value"),
                info.getSchemaOptional().orElseThrow().getFields().stream().map(Field::getName).toList());
        List<Map<String, Object>> expected = amp.canonicalRows("transactions", 7, 7).stream()
                .map(r -> ArrowValues.normalise(Map.of("tx_hash", r.get("tx_hash"), "block_num", r.get("block_num"),
                        "value", r.get("value"))))
                .toList();
        List<Map<String, Object>> received = rows(batches);
        assertEquals(expected.size(), received.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(List.of("tx_hash", "block_num", "value"), List.copyOf(received.get(i).keySet()));
            assertEquals(expected.get(i), Map.copyOf(received.get(i)));
        }
    }

    @Test
    void valuesBeyondSignedAndDecimal128RangesArriveExactly() throws Exception {
        List<Map<String, Object>> blocks = rows(client.readAll("SELECT block_num, nonce FROM anvil.blocks", Map.of()));
        List<Map<String, Object>> logs = rows(client.readAll("SELECT amount FROM anvil.logs", Map.of()));
        List<Map<String, Object>> transactions = rows(client.readAll("SELECT value FROM anvil.transactions", Map.of()));

        BigInteger twoTo63 = BigInteger.ONE.shiftLeft(63);
        for (Map<String, Object> block : blocks) {
            boolean even = ((BigInteger) block.get("block_num")).testBit(0) == false;
            assertEquals(even, ((BigInteger) block.get("nonce")).compareTo(twoTo63) >= 0, "nonce of " + block);
        }
        assertTrue(logs.stream().anyMatch(l -> l.get("amount") == null), "amount is nullable");
        assertTrue(logs.stream().filter(l -> l.get("amount") != null)
                .allMatch(l -> ((BigDecimal) l.get("amount")).compareTo(BigDecimal.TEN.pow(38)) > 0),
                "Decimal256 amounts do not fit Decimal128");
        assertTrue(transactions.stream().anyMatch(t -> new BigInteger((String) t.get("value"))
                .compareTo(BigInteger.ONE.shiftLeft(200)) > 0), "u256 values beyond 2^200");
    }

    private static List<Map<String, Object>> rows(List<ReceivedBatch> batches) {
        return batches.stream().flatMap(b -> b.rows().stream()).toList();
    }

    private static List<Map<String, Object>> canonical(String table, long from, long to) {
        return amp.canonicalRows(table, from, to).stream().map(TableRow::values).map(ArrowValues::normalise).toList();
    }
}
