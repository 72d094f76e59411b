package dev.ampconnect.simulator.flight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ampconnect.simulator.chain.BlockHash;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code amp-resume} header: {@code {"<network>":{"number":N,"hash":"0x<64 hex>"}}}, one cursor per
 * network. Parsed the way ampd deserialises it: anything that does not fit that shape (not JSON, not an
 * object, a non-integer number, a hash that is not 32 bytes of hex) makes the whole header count as
 * absent, silently, so the stream restarts from the earliest block. A well-formed header that lacks the
 * query's network is an error, raised when the stream starts.
 */
final class ResumeCursor {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ResumeCursor() {
    }

    /** The cursors per network, or empty when the header is absent or malformed. */
    static Optional<Map<String, BlockCursor>> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        try {
            JsonNode root = MAPPER.readTree(header);
            if (root == null || !root.isObject()) {
                return Optional.empty();
            }
            Map<String, BlockCursor> cursors = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : root.properties()) {
                JsonNode number = entry.getValue().get("number");
                JsonNode hash = entry.getValue().get("hash");
                if (number == null || !number.isIntegralNumber() || !number.canConvertToLong() || number.asLong() < 0
                        || hash == null || !hash.isTextual()) {
                    return Optional.empty();
                }
                cursors.put(entry.getKey(), new BlockCursor(number.asLong(), BlockHash.parse(hash.asText())));
            }
            return Optional.of(cursors);
        } catch (java.io.IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
