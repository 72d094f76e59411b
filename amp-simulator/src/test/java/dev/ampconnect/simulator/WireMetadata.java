package dev.ampconnect.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A test-side parse of {@code app_metadata}, written independently of the server's encoder so the tests
 * check the wire format rather than the encoder against itself.
 */
record WireMetadata(String json, List<WireRange> ranges, boolean rangesComplete) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One range as it appears on the wire. */
    record WireRange(String network, long start, long end, String hash, String prevHash, Long timestamp) {
    }

    static WireMetadata parse(String json) {
        try {
            JsonNode root = MAPPER.readTree(json);
            List<WireRange> ranges = new ArrayList<>();
            for (JsonNode range : root.get("ranges")) {
                ranges.add(new WireRange(range.get("network").asText(), range.get("numbers").get("start").asLong(),
                        range.get("numbers").get("end").asLong(), range.get("hash").asText(),
                        range.hasNonNull("prev_hash") ? range.get("prev_hash").asText() : null,
                        range.hasNonNull("timestamp") ? range.get("timestamp").asLong() : null));
            }
            return new WireMetadata(json, List.copyOf(ranges), root.get("ranges_complete").asBoolean());
        } catch (IOException e) {
            throw new UncheckedIOException("app_metadata is not JSON: " + json, e);
        }
    }

    /** The single range of a streaming message. */
    WireRange range() {
        if (ranges.size() != 1) {
            throw new AssertionError("expected exactly one range in " + json);
        }
        return ranges.get(0);
    }
}
