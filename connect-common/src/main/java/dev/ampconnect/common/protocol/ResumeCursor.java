package dev.ampconnect.common.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ampconnect.common.protocol.AmpProtocolException.Violation;
import dev.ampconnect.common.range.BlockRange;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The {@code amp-resume} call header: {@code {"<network>":{"number":N,"hash":"0x<64 hex>"}}}, one entry
 * per network; the server continues after block N (or walks back itself when N's hash is no longer
 * canonical).
 *
 * <p>The server SILENTLY IGNORES a malformed value and restarts the stream from its earliest block, so
 * this class is strict on both sides: building and parsing alike require a non-empty network, a
 * number {@code >= 0} and a hash of {@code 0x} + 64 hex digits, and parsing rejects unknown keys,
 * non-integer numbers, duplicate keys and trailing text. {@link #toHeaderValue()} writes compact JSON
 * (no spaces), networks in lexical order, {@code number} before {@code hash}: the same cursor always
 * gives the same bytes.
 *
 * @param positions per network, the last block already delivered and its hash (sorted, unmodifiable)
 */
public record ResumeCursor(SortedMap<String, Position> positions) {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * Where one network resumes: after block {@code number}, whose hash is {@code hash}.
     *
     * @param number the last block delivered (a microbatch's end), {@code >= 0}
     * @param hash   that block's hash, {@code 0x} + 64 hex digits
     */
    public record Position(long number, String hash) {

        public Position {
            if (number < 0) {
                throw new AmpProtocolException(Violation.MALFORMED_CURSOR,
                        "resume cursor block number must be >= 0, got " + number);
            }
            if (!BlockHashes.isValid(hash)) {
                throw new AmpProtocolException(Violation.MALFORMED_CURSOR, "resume cursor hash of block " + number
                        + " must be " + BlockHashes.describeExpected() + ", got " + AmpProtocolException.quote(hash));
            }
        }
    }

    public ResumeCursor {
        Objects.requireNonNull(positions, "positions");
        if (positions.isEmpty()) {
            throw new AmpProtocolException(Violation.MALFORMED_CURSOR, "a resume cursor needs at least one network");
        }
        TreeMap<String, Position> copy = new TreeMap<>();
        for (Map.Entry<String, Position> entry : positions.entrySet()) {
            if (entry.getKey() == null || entry.getKey().isEmpty()) {
                throw new AmpProtocolException(Violation.MALFORMED_CURSOR, "resume cursor with an empty network name");
            }
            copy.put(entry.getKey(), Objects.requireNonNull(entry.getValue(), "position of " + entry.getKey()));
        }
        positions = Collections.unmodifiableSortedMap(copy);
    }

    /** A cursor for one network. */
    public static ResumeCursor of(String network, long number, String hash) {
        return new ResumeCursor(new TreeMap<>(Map.of(network, new Position(number, hash))));
    }

    /**
     * The cursor after a completed microbatch: per range, {@code number = end} and {@code hash = hash}.
     *
     * @throws AmpProtocolException when a range has no valid hash or two ranges share a network
     */
    public static ResumeCursor fromRanges(Collection<BlockRange> ranges) {
        TreeMap<String, Position> positions = new TreeMap<>();
        for (BlockRange range : ranges) {
            if (positions.put(range.network(), new Position(range.end(), range.hash())) != null) {
                throw new AmpProtocolException(Violation.MALFORMED_CURSOR,
                        "cannot build a resume cursor: network " + range.network() + " appears twice in " + ranges);
            }
        }
        return new ResumeCursor(positions);
    }

    /**
     * Parses an {@code amp-resume} value (e.g. one stored in a source offset).
     *
     * @throws AmpProtocolException ({@link Violation#MALFORMED_CURSOR}) naming what is wrong and quoting the value
     */
    public static ResumeCursor parse(String headerValue) {
        JsonNode root;
        try {
            root = MAPPER.readTree(headerValue == null ? "" : headerValue);
        } catch (JsonProcessingException e) {
            throw malformed("is not valid JSON (" + e.getOriginalMessage() + ")", headerValue, e);
        }
        if (root == null || !root.isObject() || root.isEmpty()) {
            throw malformed("must be a non-empty JSON object keyed by network", headerValue, null);
        }
        TreeMap<String, Position> positions = new TreeMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String network = field.getKey();
            JsonNode position = field.getValue();
            if (network.isEmpty()) {
                throw malformed("has an empty network name", headerValue, null);
            }
            if (!position.isObject()) {
                throw malformed("entry of network " + network + " is not an object {\"number\":N,\"hash\":\"0x…\"}",
                        headerValue, null);
            }
            for (Map.Entry<String, JsonNode> property : position.properties()) {
                String key = property.getKey();
                if (!key.equals("number") && !key.equals("hash")) {
                    throw malformed("entry of network " + network + " has unknown key '" + key + "'", headerValue, null);
                }
            }
            JsonNode number = position.get("number");
            if (number == null || !number.isIntegralNumber() || !number.canConvertToLong() || number.longValue() < 0) {
                throw malformed("entry of network " + network + " has no non-negative integer 'number'", headerValue, null);
            }
            JsonNode hash = position.get("hash");
            if (hash == null || !hash.isTextual() || !BlockHashes.isValid(hash.asText())) {
                throw malformed("entry of network " + network + " has no 'hash' of " + BlockHashes.describeExpected(),
                        headerValue, null);
            }
            positions.put(network, new Position(number.longValue(), hash.asText()));
        }
        return new ResumeCursor(positions);
    }

    /**
     * Reads a cursor stored in a source offset: the header text, or the same JSON already parsed into
     * maps (an operator may PATCH the offset with a JSON object instead of a string).
     */
    public static ResumeCursor fromOffsetValue(Object value) {
        if (value instanceof String text) {
            return parse(text);
        }
        if (value instanceof Map<?, ?> map) {
            return parse(MAPPER.valueToTree(map).toString());
        }
        throw new AmpProtocolException(Violation.MALFORMED_CURSOR, "a stored resume cursor must be the amp-resume JSON "
                + "text or object, got " + (value == null ? "null" : value.getClass().getName()));
    }

    /** The exact {@code amp-resume} header value: compact JSON, networks sorted, {@code number} then {@code hash}. */
    public String toHeaderValue() {
        ObjectNode root = MAPPER.createObjectNode();
        for (Map.Entry<String, Position> entry : positions.entrySet()) {
            ObjectNode position = root.putObject(entry.getKey());
            position.put("number", entry.getValue().number());
            position.put("hash", entry.getValue().hash());
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the amp-resume header", e);
        }
    }

    /** The position of {@code network}, if the cursor covers it. */
    public Optional<Position> position(String network) {
        return Optional.ofNullable(positions.get(network));
    }

    @Override
    public String toString() {
        return toHeaderValue();
    }

    private static AmpProtocolException malformed(String problem, String value, Throwable cause) {
        String message = "amp-resume cursor " + problem + " (the server would silently ignore it and restart "
                + "from its earliest block): " + AmpProtocolException.quote(value);
        return cause == null
                ? new AmpProtocolException(Violation.MALFORMED_CURSOR, message)
                : new AmpProtocolException(Violation.MALFORMED_CURSOR, message, cause);
    }
}
