package dev.ampconnect.sink.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.sink.store.RegisteredBatch;
import dev.ampconnect.common.range.BlockRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class PgIdentifiersTest {

    @Test
    void identifiersAreQuotedWithEmbeddedQuotesDoubled() {
        assertEquals("\"odd\"\"name; DROP TABLE x\"", PgIdentifiers.quote("odd\"name; DROP TABLE x"));
        assertEquals("\"public\".\"Blocks\"", PgIdentifiers.qualified("public", "Blocks"));
    }

    @Test
    void derivedNamesFitAndStayDistinct() {
        String longA = "a".repeat(60) + "x";
        String longB = "a".repeat(60) + "y";
        String derivedA = PgIdentifiers.derived(longA, "__amp_pre");
        assertTrue(PgIdentifiers.fits(derivedA), derivedA);
        assertTrue(derivedA.endsWith("__amp_pre"));
        assertNotEquals(derivedA, PgIdentifiers.derived(longB, "__amp_pre"));
        assertEquals("blocks__amp_pre", PgIdentifiers.derived("blocks", "__amp_pre"));
    }

    @Test
    void deletesGroupConsecutiveSequencesIntoRanges() {
        List<RegisteredBatch> batches = List.of(batch(7), batch(6), batch(5), batch(2), batch(9));
        List<long[]> runs = AppendTableWriter.runs(batches);
        assertEquals(3, runs.size());
        assertEquals(List.of(2L, 2L, 5L, 7L, 9L, 9L),
                runs.stream().flatMap(r -> java.util.stream.Stream.of(r[0], r[1])).toList());
    }

    private static RegisteredBatch batch(long sequence) {
        return new RegisteredBatch("s", "id" + sequence, sequence, List.of(new BlockRange("eth", sequence, sequence, null, null)),
                1, true, "session");
    }
}
