package dev.ampconnect.common.sink;

import dev.ampconnect.common.contract.AmpHeaders;
import dev.ampconnect.common.contract.AmpRecordMeta;
import dev.ampconnect.common.contract.ContractParser;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;

/**
 * {@link ContractParser} for a stream of records, most of which repeat the previous record's contract
 * headers (every row of a microbatch carries the same kind, stream, session, batch id and ranges): when
 * they are equal to the previous record's, the previous metadata is reused instead of parsing the ranges
 * JSON and re-deriving the batch id again. Only {@code amp.row} differs between rows, and the sink base
 * does not use it.
 */
final class RepeatedHeaderParser {

    private static final String[] KEYS = {AmpHeaders.KIND, AmpHeaders.VERSION, AmpHeaders.STREAM, AmpHeaders.SESSION,
        AmpHeaders.BATCH_ID, AmpHeaders.RANGES};

    private final Object[] lastValues = new Object[KEYS.length];
    private Optional<AmpRecordMeta> lastMeta;

    /** The contract metadata of the headers (see {@link ContractParser#parse}). */
    Optional<AmpRecordMeta> parse(Headers headers) {
        // one pass over the headers (a linked list in Connect) instead of one lastWithName walk per key
        Object[] values = new Object[KEYS.length];
        if (headers != null) {
            for (Header header : headers) {
                int key = keyIndex(header.key());
                if (key >= 0) {
                    values[key] = header.value(); // the last header of a name wins, as lastWithName
                }
            }
        }
        if (values[0] == null) {
            return Optional.empty();
        }
        if (lastMeta != null && sameAsLast(values)) {
            return lastMeta;
        }
        Optional<AmpRecordMeta> meta = ContractParser.parse(headers);
        System.arraycopy(values, 0, lastValues, 0, KEYS.length);
        lastMeta = meta;
        return meta;
    }

    private static int keyIndex(String key) {
        for (int i = 0; i < KEYS.length; i++) {
            if (KEYS[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private boolean sameAsLast(Object[] values) {
        for (int i = 0; i < KEYS.length; i++) {
            if (!Objects.equals(values[i], lastValues[i])) {
                return false;
            }
        }
        return true;
    }
}
