package dev.ampconnect.common.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.range.BatchId;
import dev.ampconnect.common.range.BlockRange;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;
import org.apache.kafka.connect.storage.StringConverter;
import org.junit.jupiter.api.Test;

class ContractHeadersTest {

    private static final BlockRange RANGE = new BlockRange("ethereum-mainnet", 100, 199,
            "0x" + "ab".repeat(32), "0x" + "cd".repeat(32), 1_700_000_000L);
    private static final String SESSION = "5f0c3c1e-8f7e-4c55-9d1e-2b9d8a7f6e51";

    @Test
    void dataHeadersCarryEveryContractFieldAsStrings() {
        Headers headers = ContractHeaders.data("blocks", SESSION, RANGE.batchId(), List.of(RANGE), 42);

        assertEquals("1", value(headers, AmpHeaders.VERSION));
        assertEquals("data", value(headers, AmpHeaders.KIND));
        assertNull(headers.lastWithName(AmpHeaders.CONTROL), "data records are not control records");
        assertEquals("blocks", value(headers, AmpHeaders.STREAM));
        assertEquals(SESSION, value(headers, AmpHeaders.SESSION));
        assertEquals(RANGE.batchId(), value(headers, AmpHeaders.BATCH_ID));
        assertEquals("42", value(headers, AmpHeaders.ROW));
        assertEquals("[{\"network\":\"ethereum-mainnet\",\"start\":100,\"end\":199,\"hash\":\"" + RANGE.hash()
                + "\",\"prev_hash\":\"" + RANGE.prevHash() + "\",\"timestamp\":1700000000}]",
                value(headers, AmpHeaders.RANGES));
        for (Header header : headers) {
            assertEquals(Schema.Type.STRING, header.schema().type(), header.key());
        }
    }

    @Test
    void controlHeadersAreMarkedForFilterSmt() {
        Headers invalidation = ContractHeaders.invalidation("blocks", SESSION);
        Headers watermark = ContractHeaders.watermark("blocks", SESSION, RANGE.batchId(), List.of(RANGE));
        assertEquals("true", value(invalidation, AmpHeaders.CONTROL));
        assertEquals("true", value(watermark, AmpHeaders.CONTROL));
        assertEquals("invalidation", value(invalidation, AmpHeaders.KIND));
        assertNull(invalidation.lastWithName(AmpHeaders.BATCH_ID));
    }

    @Test
    void parsesWhatItWritesThroughTheStringHeaderConverter() {
        Headers written = ContractHeaders.data("blocks", SESSION, RANGE.batchId(), List.of(RANGE), 7);
        Headers read = throughConverter(written, new StringConverter());

        AmpRecordMeta meta = ContractParser.parse(read).orElseThrow();
        assertEquals(new AmpRecordMeta(1, RecordKind.DATA, "blocks", SESSION, RANGE.batchId(), List.of(RANGE), 7L), meta);
    }

    @Test
    void parsesTypedValuesOfTheDefaultHeaderConverterWithoutLosingTheBatchId() {
        BlockRange digitsOnly = rangeWhoseBatchIdIsAllDigits();
        Headers written = ContractHeaders.watermark("s", SESSION, digitsOnly.batchId(), List.of(digitsOnly));
        Headers read = throughConverter(written, new SimpleHeaderConverter());

        Object typedId = read.lastWithName(AmpHeaders.BATCH_ID).value();
        assertTrue(typedId instanceof Number, "the default converter turns a digits-only id into " + typedId.getClass());
        assertTrue(read.lastWithName(AmpHeaders.RANGES).value() instanceof List<?>, "and the ranges into a list");

        AmpRecordMeta meta = ContractParser.parse(read).orElseThrow();
        assertEquals(digitsOnly.batchId(), meta.batchId());
        assertEquals(List.of(digitsOnly), meta.ranges());
        assertEquals(RecordKind.WATERMARK, meta.kind());
    }

    @Test
    void recordWithoutAmpHeadersIsAPlainRow() {
        Headers headers = new ConnectHeaders().addString("trace-id", "abc");
        assertEquals(Optional.empty(), ContractParser.parse(headers));
        assertEquals(Optional.empty(), ContractParser.parse(null));
    }

    @Test
    void rejectsAnUnsupportedContractVersion() {
        Headers headers = ContractHeaders.invalidation("s", SESSION);
        headers.remove(AmpHeaders.VERSION).addString(AmpHeaders.VERSION, "2");
        ContractException error = assertThrows(ContractException.class, () -> ContractParser.parse(headers));
        assertTrue(error.getMessage().contains("version 2"), error.getMessage());
    }

    @Test
    void rejectsABatchIdThatDoesNotMatchItsRanges() {
        Headers headers = ContractHeaders.data("s", SESSION, "0000000000000000", List.of(RANGE), 0);
        ContractException error = assertThrows(ContractException.class, () -> ContractParser.parse(headers));
        assertTrue(error.getMessage().contains(RANGE.batchId()), error.getMessage());
    }

    @Test
    void rejectsADataRecordWithoutRowIndex() {
        Headers headers = ContractHeaders.data("s", SESSION, RANGE.batchId(), List.of(RANGE), 0);
        headers.remove(AmpHeaders.ROW);
        assertThrows(ContractException.class, () -> ContractParser.parse(headers));
    }

    @Test
    void rejectsAnUnknownKind() {
        Headers headers = ContractHeaders.invalidation("s", SESSION);
        headers.remove(AmpHeaders.KIND).addString(AmpHeaders.KIND, "delete");
        assertThrows(ContractException.class, () -> ContractParser.parse(headers));
    }

    private static BlockRange rangeWhoseBatchIdIsAllDigits() {
        return LongStream.range(0, 1_000_000)
                .mapToObj(n -> new BlockRange("anvil", n, n, "0x" + Long.toHexString(n), "0x0" + Long.toHexString(n)))
                .filter(r -> BatchId.of(r).chars().allMatch(Character::isDigit) && BatchId.of(r).charAt(0) == '0')
                .findFirst().orElseThrow();
    }

    /** Serialises every header with {@code converter} and reads it back, as a worker would. */
    private static Headers throughConverter(Headers headers, org.apache.kafka.connect.storage.HeaderConverter converter) {
        converter.configure(Map.of("converter.type", "header"));
        Headers out = new ConnectHeaders();
        for (Header header : headers) {
            byte[] bytes = converter.fromConnectHeader("topic", header.key(), header.schema(), header.value());
            var schemaAndValue = converter.toConnectHeader("topic", header.key(), bytes);
            out.add(header.key(), schemaAndValue);
        }
        return out;
    }

    private static Object value(Headers headers, String name) {
        return headers.lastWithName(name).value();
    }
}
