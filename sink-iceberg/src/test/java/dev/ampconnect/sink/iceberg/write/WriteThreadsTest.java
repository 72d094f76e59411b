package dev.ampconnect.sink.iceberg.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class WriteThreadsTest {

    @Test
    void aBatchIsCutIntoEvenContiguousRangesOfAtLeastTheMinimum() {
        try (WriteThreads threads = WriteThreads.of(4, "test")) {
            assertEquals(List.of("0-1000"), describe(threads.split(1_000)));
            assertEquals(List.of("0-199999"), describe(threads.split(199_999)), "two ranges would hold fewer than 100,000 rows");
            assertEquals(List.of("0-100000", "100000-200000"), describe(threads.split(200_000)));
            assertEquals(List.of("0-116666", "116666-233333", "233333-350000"), describe(threads.split(350_000)));
            assertEquals(List.of("0-250000", "250000-500000", "500000-750000", "750000-1000000"),
                    describe(threads.split(1_000_000)), "never more ranges than threads");
            assertEquals(List.of("0-0"), describe(threads.split(0)), "an empty batch is one empty range");
        }
    }

    @Test
    void oneThreadNeverSplitsAndHasNoPool() {
        try (WriteThreads threads = WriteThreads.of(1, "test")) {
            assertEquals(List.of("0-5000000"), describe(threads.split(5_000_000)));
            assertThrows(IllegalStateException.class, () -> threads.submit(() -> { }));
        }
        assertThrows(IllegalArgumentException.class, () -> WriteThreads.of(0, "test"));
    }

    private static List<String> describe(List<int[]> ranges) {
        return ranges.stream().map(range -> range[0] + "-" + range[1]).toList();
    }
}
