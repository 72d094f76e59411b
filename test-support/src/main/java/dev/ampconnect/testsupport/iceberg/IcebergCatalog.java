package dev.ampconnect.testsupport.iceberg;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.ampconnect.testsupport.process.ChildProcesses;

/**
 * The Iceberg catalog a test class uses, configured as a user configures the sink: its
 * {@link #catalogProperties() catalog properties} ({@code type}, {@code uri}, {@code warehouse}, credentials)
 * and a {@link #namespace() namespace} of its own, created before the class and dropped, tables purged,
 * after it. A JDBC catalog also drops its PostgreSQL database and deletes its warehouse directory.
 */
public final class IcebergCatalog implements AutoCloseable {

    /** Prefix of the connector keys passed through to the catalog, the convention of Iceberg's own sink. */
    public static final String CONNECTOR_PREFIX = "iceberg.catalog.";
    /** The connector key naming the catalog. */
    public static final String CONNECTOR_NAME_KEY = "iceberg.catalog";

    private static final Logger LOG = LoggerFactory.getLogger(IcebergCatalog.class);

    /** Which kind of catalog a handle is. */
    public enum Kind {
        /** A REST catalog: Iceberg's own, in-JVM, or the server in {@code AMP_TEST_ICEBERG_REST_URI}. */
        REST,
        /** A JDBC catalog in a PostgreSQL database of the test server, over a local warehouse directory. */
        JDBC
    }

    private final Kind kind;
    private final String name;
    private final Map<String, String> properties;
    private final String namespace;
    private final AutoCloseable afterDrop;
    private volatile boolean closed;

    /**
     * @param afterDrop what to release once the namespace is dropped (a database, a directory), or {@code null}
     */
    IcebergCatalog(Kind kind, String name, Map<String, String> properties, String namespace, AutoCloseable afterDrop) {
        this.kind = kind;
        this.name = name;
        this.properties = Map.copyOf(properties);
        this.namespace = namespace;
        this.afterDrop = afterDrop;
    }

    public Kind kind() {
        return kind;
    }

    /** The catalog's name, the value of the connector key {@code iceberg.catalog}. */
    public String name() {
        return name;
    }

    /** Catalog properties without the connector prefix ({@code type}, {@code uri}, ...); may hold credentials. */
    public Map<String, String> catalogProperties() {
        return properties;
    }

    /** The connector keys that select this catalog: {@code iceberg.catalog} and {@code iceberg.catalog.*}. */
    public Map<String, String> connectorProperties() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put(CONNECTOR_NAME_KEY, name);
        properties.forEach((key, value) -> keys.put(CONNECTOR_PREFIX + key, value));
        return keys;
    }

    /** This class's namespace (one level), created empty before the class. */
    public String namespace() {
        return namespace;
    }

    /** The identifier of {@code table} in {@link #namespace()}. */
    public TableIdentifier table(String table) {
        return TableIdentifier.of(namespace, table);
    }

    /** A new client of the catalog, for assertions; close it when it is {@link Closeable}. */
    public Catalog open() {
        return open(name, properties);
    }

    static Catalog open(String name, Map<String, String> properties) {
        return CatalogUtil.buildIcebergCatalog(name, properties, new Configuration());
    }

    /** Connects and lists namespaces, so a misconfigured catalog fails where it is obtained. */
    static void probe(Map<String, String> properties) throws IOException {
        Catalog catalog = open("amp_test_probe", properties);
        try {
            if (catalog instanceof SupportsNamespaces namespaces) {
                namespaces.listNamespaces();
            }
        } finally {
            closeClient(catalog);
        }
    }

    static void createNamespace(String name, Map<String, String> properties, String namespace) throws IOException {
        Catalog catalog = open(name, properties);
        try {
            ((SupportsNamespaces) catalog).createNamespace(Namespace.of(namespace));
        } finally {
            closeClient(catalog);
        }
    }

    /** Drops every table of the namespace (purging their files) and the namespace, then releases the rest. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Catalog catalog = open();
            try {
                Namespace ns = Namespace.of(namespace);
                for (TableIdentifier table : catalog.listTables(ns)) {
                    catalog.dropTable(table, true);
                }
                ((SupportsNamespaces) catalog).dropNamespace(ns);
            } finally {
                closeClient(catalog);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not drop Iceberg namespace {} of {} catalog {}", namespace, kind, name, e);
        }
        if (afterDrop != null) {
            try {
                afterDrop.close();
            } catch (Exception e) {
                LOG.warn("could not release the {} catalog {} of namespace {}", kind, name, namespace, e);
            }
        }
    }

    private static void closeClient(Catalog catalog) throws IOException {
        if (catalog instanceof Closeable closeable) {
            closeable.close();
        }
    }

    /** Deletes a warehouse directory this JVM created. */
    static AutoCloseable deleting(Path directory) {
        return () -> ChildProcesses.deleteQuietly(directory);
    }

    @Override
    public String toString() {
        return "IcebergCatalog[" + kind + " " + name + ", namespace " + namespace + "]";
    }
}
