package dev.ampconnect.packaging.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ampconnect.testsupport.iceberg.IcebergCatalog;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/**
 * Reads what the Iceberg sink stored, for {@link PipelineTruth}: a stream's table through Iceberg's generic reader
 * ({@link IcebergGenerics}: the table's current snapshot with its position deletes and deletion vectors applied, as
 * every Iceberg reader sees it), and the sink's progress table property. Values come as the reader gives them,
 * except binaries as {@code byte[]} and timestamps without zone as UTC instants.
 */
final class IcebergReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PipelineIceberg iceberg;

    IcebergReader(PipelineIceberg iceberg) {
        this.iceberg = iceberg;
    }

    /** Every row of the table of {@code stream} in catalog {@code kind}; empty while the table does not exist. */
    List<Map<String, Object>> rows(IcebergCatalog.Kind kind, PipelineStream stream) {
        Optional<Table> table = load(kind, stream);
        if (table.isEmpty()) {
            return List.of();
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table.get()).build()) {
            for (Record record : records) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (Types.NestedField field : record.struct().fields()) {
                    row.put(field.name(), value(record.getField(field.name())));
                }
                rows.add(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + table.get().name(), e);
        }
        return rows;
    }

    /**
     * The sink {@code connector}'s last complete block and its hash on {@code network} for the table of
     * {@code stream}: its table property {@code amp.sink.<connector>.progress}; empty before the first one.
     */
    Optional<Map.Entry<Long, String>> progress(IcebergCatalog.Kind kind, String connector, PipelineStream stream,
                                               String network) {
        Optional<String> property = load(kind, stream).map(t -> t.properties().get(progressKey(connector)));
        if (property.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode entry = JSON.readTree(property.get()).path(network);
            return entry.isMissingNode() ? Optional.empty()
                    : Optional.of(Map.entry(entry.path("block").asLong(-1), entry.path("hash").asText()));
        } catch (IOException e) {
            throw new IllegalStateException("malformed progress property of " + stream.name() + ": " + property.get(), e);
        }
    }

    /** How the sink keys its progress (sink-iceberg/README.md "Where the state lives"). */
    static String progressKey(String connector) {
        return "amp.sink." + URLEncoder.encode(connector, StandardCharsets.UTF_8).replace(".", "%2E") + ".progress";
    }

    private Optional<Table> load(IcebergCatalog.Kind kind, PipelineStream stream) {
        Catalog catalog = iceberg.catalog(kind);
        TableIdentifier id = iceberg.table(kind, stream);
        try {
            return Optional.of(catalog.loadTable(id));
        } catch (NoSuchTableException e) {
            return Optional.empty(); // the sink creates a table with its first rows
        }
    }

    private static Object value(Object value) {
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return bytes;
        }
        if (value instanceof LocalDateTime time) {
            return time.toInstant(ZoneOffset.UTC);
        }
        return value;
    }
}
