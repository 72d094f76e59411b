package dev.ampconnect.testsupport.iceberg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/** Both catalog kinds hand out a fresh namespace, connector keys that reach the catalog, and clean up after. */
class IcebergCatalogIT {

    @Test
    void restCatalogNamespaceIsFreshUsableAndDroppedAfterTheClass() throws Exception {
        IcebergCatalogExtension extension = IcebergCatalogExtension.rest();
        IcebergCatalog handle = extension.open(IcebergCatalogIT.class);
        assertEquals(IcebergCatalog.Kind.REST, handle.kind());
        assertEquals("rest", handle.connectorProperties().get("iceberg.catalog.type"));
        assertEquals(IcebergRestServers.shared().endpoint().toString(), handle.catalogProperties().get("uri"));
        usesAndCleansUp(handle);
    }

    @Test
    void jdbcCatalogLivesInItsOwnPostgresDatabaseOverALocalWarehouse() throws Exception {
        IcebergCatalogExtension extension = IcebergCatalogExtension.jdbc();
        IcebergCatalog handle = extension.open(IcebergCatalogIT.class);
        assertEquals(IcebergCatalog.Kind.JDBC, handle.kind());
        Map<String, String> properties = handle.catalogProperties();
        assertTrue(properties.get("uri").startsWith("jdbc:postgresql://"), properties.get("uri"));
        Path warehouse = Path.of(java.net.URI.create(properties.get("warehouse")));
        assertTrue(Files.isDirectory(warehouse));
        usesAndCleansUp(handle);
        assertFalse(Files.exists(warehouse), "the warehouse directory is deleted");
    }

    private static void usesAndCleansUp(IcebergCatalog handle) throws IOException {
        Namespace namespace = Namespace.of(handle.namespace());
        Catalog catalog = handle.open();
        try {
            assertTrue(((SupportsNamespaces) catalog).namespaceExists(namespace), "namespace created before the class");
            Table table = catalog.createTable(handle.table("t"),
                    new Schema(Types.NestedField.required(1, "id", Types.LongType.get())));
            assertTrue(table.location().startsWith("file:") || !handle.catalogProperties().containsKey("warehouse"),
                    table.location());
        } finally {
            ((Closeable) catalog).close();
        }
        handle.close();
        if (handle.kind() == IcebergCatalog.Kind.REST) {
            Catalog after = handle.open();
            try {
                assertFalse(((SupportsNamespaces) after).namespaceExists(namespace), "namespace dropped with its tables");
            } finally {
                ((Closeable) after).close();
            }
        }
    }
}
