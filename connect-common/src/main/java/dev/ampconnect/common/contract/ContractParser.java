package dev.ampconnect.common.contract;

import dev.ampconnect.common.range.BatchId;
import dev.ampconnect.common.range.BlockRange;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;

/**
 * Reads contract v1 headers. Accepts both the STRING values sinks see with
 * {@code header.converter=StringConverter} and the typed values the default {@code SimpleHeaderConverter}
 * produces (numbers, booleans, lists of maps). Where a typed value may have lost information — a
 * batch id of only decimal digits parsed as a number drops leading zeros — the value is re-derived from
 * {@code amp.ranges}, which the batch id is a pure function of.
 */
public final class ContractParser {

    private ContractParser() {
    }

    /**
     * The contract metadata of a record's headers, or empty when the record has no {@code amp.kind}
     * header (a plain row, written as is).
     *
     * @throws ContractException when amp headers are present but malformed or of an unsupported version
     */
    public static Optional<AmpRecordMeta> parse(Headers headers) {
        if (headers == null) {
            return Optional.empty();
        }
        Header kindHeader = headers.lastWithName(AmpHeaders.KIND);
        if (kindHeader == null || kindHeader.value() == null) {
            return Optional.empty();
        }
        int version = version(headers);
        RecordKind kind = RecordKind.fromWire(text(kindHeader.value()));
        String stream = requiredText(headers, AmpHeaders.STREAM, kind);
        String session = requiredText(headers, AmpHeaders.SESSION, kind);
        if (kind == RecordKind.INVALIDATION) {
            return Optional.of(new AmpRecordMeta(version, kind, stream, session, null, List.of(), null));
        }
        Header rangesHeader = headers.lastWithName(AmpHeaders.RANGES);
        if (rangesHeader == null || rangesHeader.value() == null) {
            throw new ContractException(kind.wire() + " record of stream " + stream + " without header " + AmpHeaders.RANGES);
        }
        List<BlockRange> ranges = RangesJson.fromHeaderValue(rangesHeader.value());
        String batchId = batchId(headers.lastWithName(AmpHeaders.BATCH_ID), ranges, stream);
        Long row = kind == RecordKind.DATA ? row(headers, stream) : null;
        return Optional.of(new AmpRecordMeta(version, kind, stream, session, batchId, ranges, row));
    }

    private static int version(Headers headers) {
        Header header = headers.lastWithName(AmpHeaders.VERSION);
        if (header == null || header.value() == null) {
            throw new ContractException("record with " + AmpHeaders.KIND + " but without " + AmpHeaders.VERSION);
        }
        int version;
        try {
            version = Integer.parseInt(text(header.value()).trim());
        } catch (NumberFormatException e) {
            throw new ContractException("header " + AmpHeaders.VERSION + " is not a number: " + header.value());
        }
        if (version != AmpHeaders.CONTRACT_VERSION) {
            throw new ContractException("record contract version " + version + " is not supported (this plugin reads v"
                    + AmpHeaders.CONTRACT_VERSION + "); upgrade the sink plugin");
        }
        return version;
    }

    private static String batchId(Header header, List<BlockRange> ranges, String stream) {
        String derived = BatchId.of(ranges);
        if (header == null || header.value() == null) {
            return derived;
        }
        if (header.value() instanceof String text) {
            if (!text.equals(derived)) {
                throw new ContractException("stream " + stream + ": header " + AmpHeaders.BATCH_ID + " '" + text
                        + "' does not match its ranges (expected '" + derived + "')");
            }
            return text;
        }
        // typed by a header converter (digits only -> number): the ranges say what it was
        return derived;
    }

    private static Long row(Headers headers, String stream) {
        Header header = headers.lastWithName(AmpHeaders.ROW);
        if (header == null || header.value() == null) {
            throw new ContractException("data record of stream " + stream + " without header " + AmpHeaders.ROW);
        }
        if (header.value() instanceof Number number) {
            return number.longValue();
        }
        try {
            return Long.parseLong(text(header.value()).trim());
        } catch (NumberFormatException e) {
            throw new ContractException("stream " + stream + ": header " + AmpHeaders.ROW + " is not a number: " + header.value());
        }
    }

    private static String requiredText(Headers headers, String name, RecordKind kind) {
        Header header = headers.lastWithName(name);
        if (header == null || header.value() == null) {
            throw new ContractException(kind.wire() + " record without header " + name);
        }
        return text(header.value());
    }

    private static String text(Object value) {
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return value.toString();
    }
}
