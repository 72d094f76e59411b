package dev.ampconnect.common.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.contract.AmpHeaders;
import dev.ampconnect.common.contract.AmpRecordMeta;
import dev.ampconnect.common.contract.ContractException;
import dev.ampconnect.common.contract.ContractHeaders;
import dev.ampconnect.common.contract.ContractParser;
import dev.ampconnect.common.contract.RecordKind;
import dev.ampconnect.common.range.BatchId;
import dev.ampconnect.common.range.BlockRange;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Headers;
import org.junit.jupiter.api.Test;

class RepeatedHeaderParserTest {

    private static final List<BlockRange> FIRST = List.of(new BlockRange("eth", 10, 19, "0x" + "a".repeat(64),
            "0x" + "b".repeat(64)));
    private static final List<BlockRange> SECOND = List.of(new BlockRange("eth", 20, 29, "0x" + "c".repeat(64),
            "0x" + "a".repeat(64)));

    private final RepeatedHeaderParser parser = new RepeatedHeaderParser();

    @Test
    void everyKindParsesAsTheContractParserSaysAndPlainRecordsHaveNoMetadata() {
        for (Headers headers : List.of(data(FIRST, 0), ContractHeaders.watermark("s", "session", BatchId.of(FIRST), FIRST),
                ContractHeaders.invalidation("s", "session"), data(SECOND, 3))) {
            assertEquals(ContractParser.parse(headers), parser.parse(headers), headers.toString());
        }
        assertEquals(Optional.empty(), parser.parse(new ConnectHeaders().addString("other", "x")));
        assertEquals(Optional.empty(), parser.parse(null));
    }

    @Test
    void rowsOfOneMicrobatchShareTheirMetadataAndTheNextBatchIsParsedAgain() {
        Optional<AmpRecordMeta> first = parser.parse(data(FIRST, 0));
        // equal values in other instances (as a worker deserializes every record's headers anew)
        assertSame(first, parser.parse(data(FIRST, 1)));
        Optional<AmpRecordMeta> second = parser.parse(data(SECOND, 0));
        assertNotSame(first, second);
        assertEquals(BatchId.of(SECOND), second.orElseThrow().batchId());
        assertEquals(RecordKind.WATERMARK, parser.parse(ContractHeaders.watermark("s", "session", BatchId.of(SECOND), SECOND))
                .orElseThrow().kind(), "same batch, another kind: parsed again");
    }

    @Test
    void theLastHeaderOfANameWinsAndSameLengthNamesAreNotConfused() {
        Headers headers = data(FIRST, 0);
        headers.addString(AmpHeaders.STREAM, "renamed");
        // as long as amp.ranges / amp.session / amp.batch.id, but other names
        headers.addString("amp.rangez", "x").addString("amp.sessio_", "y").addString("amp.batch.i_", "z");
        AmpRecordMeta meta = parser.parse(headers).orElseThrow();
        assertEquals("renamed", meta.stream());
        assertEquals(ContractParser.parse(headers), Optional.of(meta));
        assertEquals(FIRST, meta.ranges());
    }

    @Test
    void aMalformedRecordFailsAndTheNextOneParses() {
        parser.parse(data(FIRST, 0));
        Headers bad = data(FIRST, 1);
        bad.addString(AmpHeaders.BATCH_ID, "not-the-batch-id");
        ContractException e = assertThrows(ContractException.class, () -> parser.parse(bad));
        assertTrue(e.getMessage().contains("does not match its ranges"), e.getMessage());
        assertEquals(ContractParser.parse(data(SECOND, 0)), parser.parse(data(SECOND, 0)));
    }

    private static Headers data(List<BlockRange> ranges, long row) {
        return ContractHeaders.data("s", "session", BatchId.of(ranges), ranges, row);
    }
}
