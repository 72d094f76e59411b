package dev.ampconnect.packaging.e2e;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.ampconnect.testsupport.iceberg.IcebergCatalog;
import dev.ampconnect.testsupport.iceberg.IcebergCatalogExtension;
import dev.ampconnect.testsupport.postgres.PostgresDatabase;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The two Iceberg catalogs of a pipeline, both over local warehouses that the worker processes and this JVM read:
 *
 * <ul>
 *   <li>{@link IcebergCatalog.Kind#REST}: test-support's REST catalog (Iceberg's own, in this JVM, reached by the
 *       workers over loopback HTTP, or {@code AMP_TEST_ICEBERG_REST_URI}), a namespace of its own per test class,
 *       dropped with its tables after the class;</li>
 *   <li>{@link IcebergCatalog.Kind#JDBC}: Iceberg's JDBC catalog in the pipeline's own PostgreSQL database (its
 *       {@code iceberg_tables} next to the PostgreSQL sink's tables), warehouse {@code <workDir>/iceberg-jdbc}: the
 *       connector on it proves the zip's bundled PostgreSQL driver works under Connect's plugin isolation.</li>
 * </ul>
 *
 * {@link #connectorProperties} are a sink's {@code iceberg.catalog*} and {@code iceberg.namespace} keys; {@link #catalog}
 * is this JVM's client of the same catalog, for the truth checks.
 */
final class PipelineIceberg {

    /** The catalog name both connectors and this JVM use ({@code iceberg.catalog}). */
    static final String CATALOG_NAME = "amp_e2e";
    /** The JDBC catalog's namespace (the sink creates it with its first table). */
    static final String JDBC_NAMESPACE = "amp_e2e";

    private final IcebergCatalogExtension rest = IcebergCatalogExtension.rest();
    private final Map<IcebergCatalog.Kind, Map<String, String>> catalogProperties = new EnumMap<>(IcebergCatalog.Kind.class);
    private final Map<IcebergCatalog.Kind, String> namespaces = new EnumMap<>(IcebergCatalog.Kind.class);
    private final Map<IcebergCatalog.Kind, Catalog> clients = new EnumMap<>(IcebergCatalog.Kind.class);

    /** Opens the REST namespace (JUnit's class lifecycle, through {@code context}) and the JDBC catalog's warehouse. */
    PipelineIceberg(ExtensionContext context, PostgresDatabase postgres, Path workDir) {
        rest.beforeAll(context);
        IcebergCatalog restCatalog = rest.catalog();
        catalogProperties.put(IcebergCatalog.Kind.REST, restCatalog.catalogProperties());
        namespaces.put(IcebergCatalog.Kind.REST, restCatalog.namespace());

        Map<String, String> jdbc = new LinkedHashMap<>();
        jdbc.put("type", "jdbc");
        jdbc.put("uri", postgres.jdbcUrl());
        jdbc.put("jdbc.user", postgres.user());
        if (postgres.password() != null && !postgres.password().isEmpty()) {
            jdbc.put("jdbc.password", postgres.password());
        }
        try {
            jdbc.put("warehouse", Files.createDirectories(workDir.resolve("iceberg-jdbc")).toUri().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the JDBC catalog's warehouse under " + workDir, e);
        }
        catalogProperties.put(IcebergCatalog.Kind.JDBC, jdbc);
        namespaces.put(IcebergCatalog.Kind.JDBC, JDBC_NAMESPACE);
    }

    /** A sink's catalog keys: {@code iceberg.catalog}, {@code iceberg.catalog.*} and {@code iceberg.namespace}. */
    Map<String, String> connectorProperties(IcebergCatalog.Kind kind) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put(IcebergCatalog.CONNECTOR_NAME_KEY, CATALOG_NAME);
        catalogProperties.get(kind).forEach((key, value) -> keys.put(IcebergCatalog.CONNECTOR_PREFIX + key, value));
        keys.put("iceberg.namespace", namespaces.get(kind));
        return keys;
    }

    /** The identifier of the table of {@code stream} in the catalog's namespace. */
    TableIdentifier table(IcebergCatalog.Kind kind, PipelineStream stream) {
        return TableIdentifier.of(namespaces.get(kind), stream.name());
    }

    /** This JVM's client of the catalog (one per kind, closed with the pipeline). */
    synchronized Catalog catalog(IcebergCatalog.Kind kind) {
        return clients.computeIfAbsent(kind, k -> CatalogUtil.buildIcebergCatalog(CATALOG_NAME,
                catalogProperties.get(k), new Configuration()));
    }

    /** Closes the clients, then drops the REST namespace with its tables (the JDBC catalog goes with the database). */
    void close(ExtensionContext context) throws Exception {
        try {
            closeClients();
        } finally {
            rest.afterAll(context);
        }
    }

    private synchronized void closeClients() throws IOException {
        for (Catalog client : clients.values()) {
            if (client instanceof Closeable closeable) {
                closeable.close();
            }
        }
        clients.clear();
    }
}
