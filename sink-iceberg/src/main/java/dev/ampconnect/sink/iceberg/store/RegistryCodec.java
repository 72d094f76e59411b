package dev.ampconnect.sink.iceberg.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ampconnect.common.range.BatchId;
import dev.ampconnect.common.range.BlockRange;
import dev.ampconnect.common.sink.store.RegisteredBatch;
import dev.ampconnect.sink.iceberg.write.DataFileRef;
import dev.ampconnect.sink.iceberg.write.RowRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The batch registry as one table property value: compact JSON, deflated, Base64 ({@code z1:} + text), because
 * table properties are rewritten into every {@code metadata.json}. The JSON:
 * <pre>{@code
 * {"v":1,
 *  "files":  [[path, specId, partitionPath, recordCount, sizeBytes], ...],
 *  "batches":[[sequence, stream, batchId|null, rows, complete, session, ranges, runs, relocated], ...]}
 * }</pre>
 * {@code ranges} are {@code [[network, start, end, hash, prevHash, timestamp], ...]}; {@code runs} are flattened
 * {@code [fileIndex, firstPosition, rowCount, ...]}. Redundancy is left out: a batch id equal to
 * {@code BatchId.of(ranges)} is {@code null}, and a {@code prevHash} equal to the hash of the previous entry's range
 * on the same network (the chain continuing) is {@code 0}. README "Where the state lives" gives measured sizes.
 */
final class RegistryCodec {

    static final String PREFIX = "z1:";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RegistryCodec() {
    }

    static String encode(StoredRegistry registry) {
        ObjectNode root = JSON.createObjectNode().put("v", 1);
        ArrayNode files = root.putArray("files");
        Map<String, Integer> fileIndex = new HashMap<>();
        for (DataFileRef file : registry.files().values()) {
            fileIndex.put(file.path(), fileIndex.size());
            files.addArray().add(file.path()).add(file.specId()).add(file.partitionPath()).add(file.recordCount())
                    .add(file.sizeBytes());
        }
        ArrayNode batches = root.putArray("batches");
        Map<String, String> lastHash = new HashMap<>();
        for (StoredBatch entry : registry.entries()) {
            RegisteredBatch batch = entry.batch();
            ArrayNode node = batches.addArray().add(batch.sequence()).add(batch.stream());
            if (batch.batchId().equals(BatchId.of(batch.ranges()))) {
                node.addNull();
            } else {
                node.add(batch.batchId());
            }
            node.add(batch.rows()).add(batch.complete() ? 1 : 0).add(batch.session());
            ArrayNode ranges = node.addArray();
            for (BlockRange range : batch.ranges()) {
                ArrayNode r = ranges.addArray().add(range.network()).add(range.start()).add(range.end()).add(range.hash());
                String previous = lastHash.get(range.network());
                if (range.prevHash() != null && range.prevHash().equals(previous)) {
                    r.add(0);
                } else {
                    r.add(range.prevHash());
                }
                if (range.timestamp() == null) {
                    r.addNull();
                } else {
                    r.add(range.timestamp());
                }
                lastHash.put(range.network(), range.hash());
            }
            ArrayNode runs = node.addArray();
            for (RowRun run : entry.runs()) {
                Integer index = fileIndex.get(run.file());
                if (index == null) {
                    throw new IllegalStateException("registry entry " + batch.sequence() + " points at " + run.file()
                            + ", which the registry does not list");
                }
                runs.add(index).add(run.firstPosition()).add(run.rowCount());
            }
            node.add(entry.relocated() ? 1 : 0);
        }
        return PREFIX + Base64.getEncoder().encodeToString(deflate(root.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** The registry of a property value; an absent value is an empty registry. */
    static StoredRegistry decode(String value) {
        StoredRegistry registry = StoredRegistry.empty();
        if (value == null) {
            return registry;
        }
        if (!value.startsWith(PREFIX)) {
            throw new IllegalStateException("the sink's registry property has an unknown format (" + abbreviate(value)
                    + "); was it written by a newer amp-connect?");
        }
        try {
            JsonNode root = JSON.readTree(inflate(Base64.getDecoder().decode(value.substring(PREFIX.length()))));
            List<DataFileRef> files = new ArrayList<>();
            for (JsonNode file : root.get("files")) {
                DataFileRef ref = new DataFileRef(file.get(0).asText(), file.get(1).asInt(), file.get(2).asText(),
                        file.get(3).asLong(), file.get(4).asLong());
                files.add(ref);
                registry.addFile(ref);
            }
            Map<String, String> lastHash = new HashMap<>();
            for (JsonNode node : root.get("batches")) {
                List<BlockRange> ranges = new ArrayList<>();
                for (JsonNode r : node.get(6)) {
                    String network = r.get(0).asText();
                    String hash = text(r.get(3));
                    JsonNode prev = r.get(4);
                    String prevHash = prev.isNumber() ? lastHash.get(network) : text(prev);
                    Long timestamp = r.get(5).isNull() ? null : r.get(5).asLong();
                    ranges.add(new BlockRange(network, r.get(1).asLong(), r.get(2).asLong(), hash, prevHash, timestamp));
                    lastHash.put(network, hash);
                }
                String batchId = node.get(2).isNull() ? BatchId.of(ranges) : node.get(2).asText();
                RegisteredBatch batch = new RegisteredBatch(node.get(1).asText(), batchId, node.get(0).asLong(), ranges,
                        node.get(3).asLong(), node.get(4).asInt() == 1, node.get(5).asText());
                List<RowRun> runs = new ArrayList<>();
                JsonNode flat = node.get(7);
                for (int i = 0; i + 2 < flat.size(); i += 3) {
                    runs.add(new RowRun(files.get(flat.get(i).asInt()).path(), flat.get(i + 1).asLong(), flat.get(i + 2).asLong()));
                }
                registry.put(new StoredBatch(batch, runs, node.get(8).asInt() == 1));
            }
            return registry;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("unreadable sink registry property (" + abbreviate(value) + "): " + e, e);
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "... (" + value.length() + " chars)";
    }

    private static byte[] deflate(byte[] bytes) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(bytes);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 64);
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static byte[] inflate(byte[] bytes) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(bytes);
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length * 3);
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new UncheckedIOException(new IOException("truncated registry data"));
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new UncheckedIOException(new IOException("corrupt registry data: " + e.getMessage(), e));
        } finally {
            inflater.end();
        }
    }
}
