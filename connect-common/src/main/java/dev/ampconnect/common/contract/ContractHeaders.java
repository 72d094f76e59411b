package dev.ampconnect.common.contract;

import dev.ampconnect.common.range.BlockRange;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Headers;

/**
 * Builds the headers of contract v1 records. Every value is written with a STRING schema, so with
 * {@code header.converter=StringConverter} on both sides the bytes are exactly what is shown here.
 */
public final class ContractHeaders {

    private ContractHeaders() {
    }

    /** Headers of a data record whose first row is row {@code row} of microbatch {@code batchId}. */
    public static Headers data(String stream, String session, String batchId, List<BlockRange> ranges, long row) {
        Headers headers = common(RecordKind.DATA, stream, session);
        headers.addString(AmpHeaders.BATCH_ID, batchId);
        headers.addString(AmpHeaders.RANGES, RangesJson.write(ranges));
        headers.addString(AmpHeaders.ROW, Long.toString(row));
        return headers;
    }

    /** Headers of an invalidation record. */
    public static Headers invalidation(String stream, String session) {
        return common(RecordKind.INVALIDATION, stream, session);
    }

    /** Headers of a watermark record. */
    public static Headers watermark(String stream, String session, String batchId, List<BlockRange> ranges) {
        Headers headers = common(RecordKind.WATERMARK, stream, session);
        headers.addString(AmpHeaders.BATCH_ID, batchId);
        headers.addString(AmpHeaders.RANGES, RangesJson.write(ranges));
        return headers;
    }

    private static Headers common(RecordKind kind, String stream, String session) {
        Headers headers = new ConnectHeaders();
        headers.add(AmpHeaders.VERSION, Integer.toString(AmpHeaders.CONTRACT_VERSION), Schema.STRING_SCHEMA);
        headers.addString(AmpHeaders.KIND, kind.wire());
        if (kind.isControl()) {
            headers.addString(AmpHeaders.CONTROL, "true");
        }
        headers.addString(AmpHeaders.STREAM, stream);
        headers.addString(AmpHeaders.SESSION, session);
        return headers;
    }
}
