package dev.ampconnect.testsupport.iceberg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.ampconnect.testsupport.ClassResourceExtension;
import dev.ampconnect.testsupport.postgres.PostgresDatabase;
import dev.ampconnect.testsupport.postgres.PostgresServers;
import dev.ampconnect.testsupport.process.ChildProcesses;
import dev.ampconnect.testsupport.TestNames;

/**
 * Gives each test class an {@link IcebergCatalog} with a fresh namespace, in one of the two catalogs users
 * run most: {@link #rest()} (a REST catalog shared by the JVM, see {@link IcebergRestServers}) or
 * {@link #jdbc()} (Iceberg's JDBC catalog in a fresh database of the test PostgreSQL, see
 * {@link PostgresServers}, over a temporary local warehouse).
 *
 * <pre>{@code
 * class IcebergTablesIT {
 *     @RegisterExtension
 *     static final IcebergCatalogExtension CATALOG = IcebergCatalogExtension.rest();
 *
 *     @Test
 *     void createsTheTable(IcebergCatalog catalog) {   // or CATALOG.catalog()
 *         Map<String, String> config = catalog.connectorProperties();   // iceberg.catalog.* keys
 *         ...
 *     }
 * }
 * }</pre>
 */
public final class IcebergCatalogExtension extends ClassResourceExtension<IcebergCatalog> {


    private final IcebergCatalog.Kind kind;

    private IcebergCatalogExtension(IcebergCatalog.Kind kind) {
        super(IcebergCatalog.class);
        this.kind = kind;
    }

    /** A namespace of its own per class in the JVM's REST catalog. */
    public static IcebergCatalogExtension rest() {
        return new IcebergCatalogExtension(IcebergCatalog.Kind.REST);
    }

    /** A JDBC catalog of its own per class, in a fresh PostgreSQL database, over a local warehouse. */
    public static IcebergCatalogExtension jdbc() {
        return new IcebergCatalogExtension(IcebergCatalog.Kind.JDBC);
    }

    /** This class's catalog; valid from {@code @BeforeAll} until the class ends. */
    public IcebergCatalog catalog() {
        return handle();
    }

    @Override
    protected IcebergCatalog open(Class<?> testClass) {
        String label = TestNames.label(testClass.getSimpleName());
        try {
            return kind == IcebergCatalog.Kind.REST ? openRest(label) : openJdbc(label);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot open a " + kind + " Iceberg catalog for " + testClass.getName()
                    + ": " + e.getMessage(), e);
        }
    }

    private static IcebergCatalog openRest(String label) throws Exception {
        IcebergRestServer server = IcebergRestServers.shared();
        String namespace = "amp_" + label + "_" + TestNames.randomSuffix();
        Map<String, String> properties = server.catalogProperties();
        IcebergCatalog.createNamespace("amp_test", properties, namespace);
        return new IcebergCatalog(IcebergCatalog.Kind.REST, "amp_test", properties, namespace, null);
    }

    private static IcebergCatalog openJdbc(String label) throws Exception {
        PostgresDatabase database = PostgresServers.shared().createDatabase("iceberg_" + label);
        Path warehouse = null;
        try {
            warehouse = Files.createTempDirectory("amp-iceberg-jdbc-");
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("type", "jdbc");
            properties.put("uri", database.jdbcUrl());
            properties.put("jdbc.user", database.user());
            properties.put("jdbc.password", database.password() == null ? "" : database.password());
            properties.put("warehouse", warehouse.toUri().toString());
            String namespace = "amp_" + label;
            IcebergCatalog.createNamespace("amp_test", properties, namespace);
            Path directory = warehouse;
            AutoCloseable release = () -> {
                try {
                    database.close();
                } finally {
                    IcebergCatalog.deleting(directory).close();
                }
            };
            return new IcebergCatalog(IcebergCatalog.Kind.JDBC, "amp_test", properties, namespace, release);
        } catch (Exception | Error e) {
            database.close();
            if (warehouse != null) {
                ChildProcesses.deleteQuietly(warehouse);
            }
            throw e;
        }
    }
}
