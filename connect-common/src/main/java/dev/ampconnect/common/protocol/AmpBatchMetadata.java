package dev.ampconnect.common.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ampconnect.common.protocol.AmpProtocolException.Violation;
import dev.ampconnect.common.range.BlockRange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code app_metadata} of one FlightData message (docs/AMP_PROTOCOL.md "Every FlightData message
 * carries app_metadata"):
 * <pre>{"ranges":[{"numbers":{"start":100,"end":199},"network":"…","hash":"0x…","prev_hash":"0x…","timestamp":1700000000}],
 *  "ranges_complete":false}</pre>
 *
 * <p>Reading is strict about what the client relies on and lenient about the rest: key order and unknown
 * keys are ignored (the server may add fields), {@code timestamp} is optional, {@code prev_hash} may be
 * absent or {@code null}; but {@code numbers}, {@code network}, {@code hash} and {@code ranges_complete}
 * must be there, block numbers must be non-negative integers, and hashes must be {@code 0x} + 64 hex
 * digits (a hash in any other spelling could never become a valid resume cursor). Whether the ranges
 * make sense as a stream is {@link StreamValidator}'s job, not this class's; an empty {@code ranges}
 * list therefore parses.
 *
 * @param ranges         the block ranges, one per network, in the server's order
 * @param rangesComplete {@code true} on the empty watermark batch that closes a microbatch
 */
public record AmpBatchMetadata(List<BlockRange> ranges, boolean rangesComplete) {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public AmpBatchMetadata {
        ranges = List.copyOf(Objects.requireNonNull(ranges, "ranges"));
    }

    /**
     * Parses the raw {@code app_metadata} bytes (UTF-8 JSON).
     *
     * @throws AmpProtocolException ({@link Violation#MALFORMED_METADATA}) quoting the (truncated) bytes
     */
    public static AmpBatchMetadata parse(byte[] appMetadata) {
        if (appMetadata == null || appMetadata.length == 0) {
            throw malformed("is missing (no app_metadata on a FlightData message: is the query streaming?)",
                    appMetadata == null ? null : "", null);
        }
        return parse(new String(appMetadata, StandardCharsets.UTF_8));
    }

    /**
     * Parses {@code app_metadata} already decoded as text.
     *
     * @throws AmpProtocolException ({@link Violation#MALFORMED_METADATA}) quoting the (truncated) text
     */
    public static AmpBatchMetadata parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw malformed("is not valid JSON (" + e.getOriginalMessage() + ")", json, e);
        }
        if (root == null || !root.isObject()) {
            throw malformed("must be a JSON object", json, null);
        }
        JsonNode rangesNode = root.get("ranges");
        if (rangesNode == null || !rangesNode.isArray()) {
            throw malformed("has no 'ranges' array", json, null);
        }
        JsonNode completeNode = root.get("ranges_complete");
        if (completeNode == null || !completeNode.isBoolean()) {
            throw malformed("has no boolean 'ranges_complete'", json, null);
        }
        List<BlockRange> ranges = new ArrayList<>(rangesNode.size());
        for (int i = 0; i < rangesNode.size(); i++) {
            ranges.add(range(rangesNode.get(i), i, json));
        }
        return new AmpBatchMetadata(ranges, completeNode.booleanValue());
    }

    /** This metadata as the server writes it (keys in the server's order, {@code prev_hash} null when absent). */
    public String toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode array = root.putArray("ranges");
        for (BlockRange range : ranges) {
            ObjectNode node = array.addObject();
            ObjectNode numbers = node.putObject("numbers");
            numbers.put("start", range.start());
            numbers.put("end", range.end());
            node.put("network", range.network());
            node.put("hash", range.hash());
            node.put("prev_hash", range.prevHash());
            if (range.timestamp() != null) {
                node.put("timestamp", range.timestamp());
            }
        }
        root.put("ranges_complete", rangesComplete);
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write app_metadata", e);
        }
    }

    /** {@link #toJson()} as UTF-8 bytes, ready for a FlightData message. */
    public byte[] toBytes() {
        return toJson().getBytes(StandardCharsets.UTF_8);
    }

    private static BlockRange range(JsonNode node, int index, String json) {
        String where = "range #" + index;
        if (!node.isObject()) {
            throw malformed(where + " is not a JSON object", json, null);
        }
        JsonNode numbers = node.get("numbers");
        if (numbers == null || !numbers.isObject()) {
            throw malformed(where + " has no 'numbers' object", json, null);
        }
        long start = blockNumber(numbers.get("start"), where + " 'numbers.start'", json);
        long end = blockNumber(numbers.get("end"), where + " 'numbers.end'", json);
        if (end < start) {
            throw malformed(where + " ends (" + end + ") before it starts (" + start + ")", json, null);
        }
        JsonNode network = node.get("network");
        if (network == null || !network.isTextual() || network.asText().isEmpty()) {
            throw malformed(where + " has no non-empty 'network' string", json, null);
        }
        String hash = hash(node.get("hash"), false, where + " 'hash'", json);
        String prevHash = hash(node.get("prev_hash"), true, where + " 'prev_hash'", json);
        JsonNode timestamp = node.get("timestamp");
        Long seconds = null;
        if (timestamp != null && !timestamp.isNull()) {
            if (!timestamp.isIntegralNumber() || !timestamp.canConvertToLong()) {
                throw malformed(where + " 'timestamp' is not an integer (unix seconds)", json, null);
            }
            seconds = timestamp.longValue();
        }
        return new BlockRange(network.asText(), start, end, hash, prevHash, seconds);
    }

    private static long blockNumber(JsonNode value, String what, String json) {
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw malformed(what + " is not a non-negative integer", json, null);
        }
        return value.longValue();
    }

    private static String hash(JsonNode value, boolean optional, String what, String json) {
        if (value == null || value.isNull()) {
            if (optional) {
                return null;
            }
            throw malformed(what + " is missing", json, null);
        }
        if (!value.isTextual() || !BlockHashes.isValid(value.asText())) {
            throw malformed(what + " is not " + BlockHashes.describeExpected(), json, null);
        }
        return value.asText();
    }

    private static AmpProtocolException malformed(String problem, String json, Throwable cause) {
        String message = "app_metadata " + problem + ": " + AmpProtocolException.quote(json);
        return cause == null
                ? new AmpProtocolException(Violation.MALFORMED_METADATA, message)
                : new AmpProtocolException(Violation.MALFORMED_METADATA, message, cause);
    }
}
