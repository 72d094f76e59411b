package dev.ampconnect.packaging.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;

/**
 * The demo's Iceberg lake, pure JVM: Iceberg's JDBC catalog in the demo's PostgreSQL database (its tables
 * {@code iceberg_tables} and {@code iceberg_namespace_properties} next to the PostgreSQL sink's) and a warehouse of
 * local files under the demo's work directory. The Iceberg sink writes into it through the zip's bundled PostgreSQL
 * driver; this JVM reads each table's current snapshot for the progress line.
 */
public final class DemoIceberg implements AutoCloseable {

    /** The catalog's name (readers use it too, e.g. {@code demo.amp.transactions}). */
    static final String CATALOG = "demo";
    /** The namespace the sink creates its tables in. */
    static final String NAMESPACE = "amp";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> properties;
    private final Path warehouse;
    private final Catalog catalog;

    private DemoIceberg(Map<String, String> properties, Path warehouse, Catalog catalog) {
        this.properties = properties;
        this.warehouse = warehouse;
        this.catalog = catalog;
    }

    /**
     * Opens the catalog in {@code postgres}'s database with its warehouse in {@code warehouse}. Opening creates the
     * catalog's own tables, before any sink task could race this JVM to it.
     */
    public static DemoIceberg open(DemoPostgres postgres, Path warehouse) throws IOException {
        Files.createDirectories(warehouse);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("type", "jdbc");
        properties.put("uri", postgres.jdbcUrl());
        properties.put("jdbc.user", DemoPostgres.USER);
        properties.put("jdbc.password", DemoPostgres.PASSWORD);
        properties.put("warehouse", warehouse.toUri().toString());
        // Hadoop's defaults are not read from the class path, as in the sink (sink-iceberg CatalogLoader)
        Catalog catalog = CatalogUtil.buildIcebergCatalog(CATALOG, properties, new Configuration(false));
        return new DemoIceberg(properties, warehouse, catalog);
    }

    /** The sink's catalog keys: {@code iceberg.catalog}, {@code iceberg.catalog.*} and {@code iceberg.namespace}. */
    public Map<String, String> connectorProperties() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("iceberg.catalog", CATALOG);
        properties.forEach((key, value) -> keys.put("iceberg.catalog." + key, value));
        keys.put("iceberg.namespace", NAMESPACE);
        return keys;
    }

    /** The warehouse directory. */
    public Path warehouse() {
        return warehouse;
    }

    /**
     * What sink {@code connector} has stored of {@code table}, from its current snapshot: the live rows (the
     * snapshot summary's {@code total-records} minus its deleted positions: the sink deletes only by position, each
     * row once) and its last complete block on {@code network} (its table property
     * {@code amp.sink.<connector>.progress}, sink-iceberg/README.md "Where the state lives"); empty before the sink
     * created the table.
     */
    public Optional<TableProgress> progress(String connector, String table, String network) {
        Table loaded;
        try {
            loaded = catalog.loadTable(TableIdentifier.of(NAMESPACE, table));
        } catch (NoSuchTableException e) {
            return Optional.empty();
        }
        Snapshot snapshot = loaded.currentSnapshot();
        if (snapshot == null) {
            return Optional.of(new TableProgress(-1, 0));
        }
        Map<String, String> summary = snapshot.summary();
        long rows = total(summary, SnapshotSummary.TOTAL_RECORDS_PROP)
                - total(summary, SnapshotSummary.TOTAL_POS_DELETES_PROP)
                - total(summary, SnapshotSummary.TOTAL_EQ_DELETES_PROP);
        return Optional.of(new TableProgress(lastCompleteBlock(loaded, connector, network), rows));
    }

    private static long lastCompleteBlock(Table table, String connector, String network) {
        String key = "amp.sink." + URLEncoder.encode(connector, StandardCharsets.UTF_8).replace(".", "%2E")
                + ".progress";
        String progress = table.properties().get(key);
        if (progress == null) {
            return -1;
        }
        try {
            return JSON.readTree(progress).path(network).path("block").asLong(-1);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable property " + key + " of " + table.name() + ": " + progress, e);
        }
    }

    private static long total(Map<String, String> summary, String key) {
        String value = summary.get(key);
        return value == null ? 0 : Long.parseLong(value);
    }

    @Override
    public void close() throws IOException {
        if (catalog instanceof java.io.Closeable closeable) {
            closeable.close();
        }
    }
}
