package dev.ampconnect.sink.iceberg.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ampconnect.common.range.BlockRange;
import java.util.Map;
import java.util.TreeMap;

/**
 * The readable progress of a table ({@code amp.sink.<connector>.progress}), the Iceberg counterpart of the
 * PostgreSQL sink's progress view: per network the last complete block, its hash and its batch's sequence, e.g.
 * {@code {"eth":{"block":20000123,"hash":"0xab…","sequence":412}}}. Readers that must not see a batch whose
 * watermark is not stored yet filter {@code _amp_batch_seq <= sequence}.
 */
final class ProgressProperty {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProgressProperty() {
    }

    /** The progress of {@code registry}, or {@code null} when no batch is complete. */
    static String of(StoredRegistry registry) {
        Map<String, Object[]> last = new TreeMap<>();
        for (StoredBatch entry : registry.entries()) {
            if (!entry.batch().complete()) {
                continue;
            }
            for (BlockRange range : entry.batch().ranges()) {
                Object[] current = last.get(range.network());
                if (current == null || range.end() >= ((BlockRange) current[0]).end()) {
                    last.put(range.network(), new Object[] {range, entry.sequence()});
                }
            }
        }
        if (last.isEmpty()) {
            return null;
        }
        ObjectNode root = JSON.createObjectNode();
        last.forEach((network, value) -> {
            BlockRange range = (BlockRange) value[0];
            root.putObject(network).put("block", range.end()).put("hash", range.hash()).put("sequence", (Long) value[1]);
        });
        return root.toString();
    }
}
