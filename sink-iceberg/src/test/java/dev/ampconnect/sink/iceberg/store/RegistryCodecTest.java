package dev.ampconnect.sink.iceberg.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.range.BatchId;
import dev.ampconnect.common.range.BlockRange;
import dev.ampconnect.common.sink.store.RegisteredBatch;
import dev.ampconnect.sink.iceberg.write.DataFileRef;
import dev.ampconnect.sink.iceberg.write.RowRun;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RegistryCodecTest {

    private static final String FILE_A = "s3://lake/amp/blocks/data/00001-0-a.parquet";
    private static final String FILE_B = "s3://lake/amp/blocks/data/block_num_trunc=100/00002-0-b.parquet";

    private static List<StoredBatch> entries(StoredRegistry registry) {
        return new ArrayList<>(registry.entries());
    }

    @Test
    void everyFieldRoundTripsIncludingWhatTheEncodingLeavesOut() {
        StoredRegistry registry = StoredRegistry.empty();
        registry.addFile(new DataFileRef(FILE_A, 0, "", 30, 4_096));
        registry.addFile(new DataFileRef(FILE_B, 1, "block_num_trunc=100", 12, 2_048));
        BlockRange first = new BlockRange("eth", 100, 101, "0xaa", "0x99", 1_700_000_000L);
        BlockRange second = new BlockRange("eth", 102, 103, "0xbb", "0xaa", null);
        BlockRange otherNetwork = new BlockRange("base", 7, 7, null, null, null);
        BlockRange brokenChain = new BlockRange("eth", 104, 104, "0xcc", "0xff", null);
        registry.put(new StoredBatch(new RegisteredBatch("blocks", BatchId.of(List.of(first)), 1, List.of(first), 3, true, "s1"),
                List.of(new RowRun(FILE_A, 0, 3)), false));
        registry.put(new StoredBatch(new RegisteredBatch("blocks", BatchId.of(List.of(second, otherNetwork)), 2,
                List.of(second, otherNetwork), 9, false, "s1"), List.of(new RowRun(FILE_A, 3, 5), new RowRun(FILE_B, 0, 4)), true));
        registry.put(new StoredBatch(new RegisteredBatch("blocks", "replayed-id", 5, List.of(brokenChain), 0, true, "s2"),
                List.of(), false));

        StoredRegistry decoded = RegistryCodec.decode(RegistryCodec.encode(registry));

        assertEquals(entries(registry), entries(decoded));
        assertEquals(registry.files(), decoded.files());
    }

    @Test
    void anAbsentPropertyIsAnEmptyRegistryAndAForeignFormatIsRefused() {
        assertTrue(RegistryCodec.decode(null).entries().isEmpty());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RegistryCodec.decode("{\"v\":9}"));
        assertTrue(e.getMessage().contains("unknown format"), e.getMessage());
    }

    /**
     * The size README "Where the state lives" quotes: a live tail at one block per second with the default reorg
     * window (reorg.max.depth.blocks=1000) keeps about 1000 one-block batches, one data file per minute.
     */
    @Test
    void aThousandBatchWindowEncodesCompactly() {
        Random random = new Random(42);
        StoredRegistry registry = StoredRegistry.empty();
        String previous = hash(random);
        String session = java.util.UUID.randomUUID().toString();
        for (int i = 0; i < 1_000; i++) {
            String path = "s3://lake/warehouse/chain/transactions/data/00001-" + (i / 60) + "-" + java.util.UUID
                    .nameUUIDFromBytes(new byte[] {(byte) (i / 60)}) + "-00001.parquet";
            if (registry.file(path) == null) {
                registry.addFile(new DataFileRef(path, 0, "", 60 * 150, 1_500_000));
            }
            String hash = hash(random);
            BlockRange range = new BlockRange("eth", 20_000_000 + i, 20_000_000 + i, hash, previous, 1_700_000_000L + 12L * i);
            previous = hash;
            registry.put(new StoredBatch(new RegisteredBatch("transactions", BatchId.of(List.of(range)), 1_000 + i,
                    List.of(range), 150, true, session), List.of(new RowRun(path, (i % 60) * 150L, 150)), false));
        }
        String encoded = RegistryCodec.encode(registry);
        System.out.printf("registry of 1000 one-block batches in 17 files: %,d bytes as a table property%n", encoded.length());
        assertTrue(encoded.length() < 96 * 1024, encoded.length() + " bytes");
        assertEquals(entries(registry), entries(RegistryCodec.decode(encoded)));
    }

    private static String hash(Random random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return "0x" + HexFormat.of().formatHex(bytes);
    }
}
