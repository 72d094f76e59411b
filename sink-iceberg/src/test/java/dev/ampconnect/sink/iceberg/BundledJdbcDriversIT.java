package dev.ampconnect.sink.iceberg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.testsupport.postgres.PostgresDatabase;
import dev.ampconnect.testsupport.postgres.PostgresExtension;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The JDBC catalog under plugin isolation, without a Connect worker: two class loaders that each load this test's
 * whole class path themselves (parent: the platform loader, like Connect's plugin loaders for everything but
 * Kafka), after {@link DriverManager} has found its drivers through a third one (the test's own, as a worker
 * whose first JDBC user was another plugin). Iceberg's JDBC catalog built directly by Iceberg in the first loader
 * finds no driver; built by the sink's {@link CatalogLoader} in the second one, it connects.
 */
class BundledJdbcDriversIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @Test
    void aJdbcCatalogInAnIsolatedPluginLoaderConnectsAfterAnotherLoaderInitialisedDriverManager() throws Exception {
        // DriverManager's one-time driver discovery, through this (the application) class loader: only its copy of
        // org.postgresql.Driver is registered, which is a different class for an isolated loader
        assertTrue(Collections.list(DriverManager.getDrivers()).stream()
                .anyMatch(d -> d.getClass().getName().equals("org.postgresql.Driver")));
        PostgresDatabase database = POSTGRES.database();
        Path warehouse = Files.createTempDirectory("amp-iceberg-isolated-");
        Map<String, String> catalog = new LinkedHashMap<>();
        catalog.put("type", "jdbc");
        catalog.put("uri", database.jdbcUrl());
        catalog.put("jdbc.user", database.user());
        catalog.put("jdbc.password", database.password() == null ? "" : database.password());
        catalog.put("warehouse", warehouse.toUri().toString());

        try (URLClassLoader icebergAlone = isolatedCopyOfTheClassPath();
             URLClassLoader plugin = isolatedCopyOfTheClassPath()) {
            InvocationTargetException failure = assertThrows(InvocationTargetException.class,
                    () -> close(buildWithIcebergAlone(icebergAlone, catalog)));
            assertTrue(rootMessage(failure).contains("No suitable driver found for " + database.jdbcUrl()),
                    "without the sink's registration, Iceberg's own catalog loading fails: " + rootMessage(failure));

            Object sinkCatalog = buildWithTheSink(plugin, catalog);
            try {
                // the catalog's tables exist (created through the plugin's own driver) and can be listed
                Object namespaces = sinkCatalog.getClass().getMethod("listNamespaces").invoke(sinkCatalog);
                assertTrue(namespaces instanceof List<?>, String.valueOf(namespaces));
            } finally {
                close(sinkCatalog);
            }
            // package-private, and the plugin loader's copy is another runtime package than this class's
            Method register = plugin.loadClass(BundledJdbcDrivers.class.getName()).getDeclaredMethod("register");
            register.setAccessible(true);
            assertEquals(List.of("org.postgresql.Driver"), register.invoke(null),
                    "the plugin loader's own driver, registered once");
        }
    }

    /** {@code CatalogUtil.buildIcebergCatalog(...)} as Iceberg alone does it, in {@code loader}. */
    private static Object buildWithIcebergAlone(ClassLoader loader, Map<String, String> catalog) throws Exception {
        return inPluginContext(loader, () -> {
            Class<?> conf = loader.loadClass("org.apache.hadoop.conf.Configuration");
            Object configuration = conf.getConstructor(boolean.class).newInstance(false);
            return loader.loadClass("org.apache.iceberg.CatalogUtil")
                    .getMethod("buildIcebergCatalog", String.class, Map.class, Object.class)
                    .invoke(null, "isolated", catalog, configuration);
        });
    }

    /** {@link CatalogLoader#load} with a connector config of {@code catalog}, in {@code loader}. */
    private static Object buildWithTheSink(ClassLoader loader, Map<String, String> catalog) throws Exception {
        Map<String, String> config = new LinkedHashMap<>();
        config.put(IcebergSinkConfig.CATALOG_NAME, "isolated");
        catalog.forEach((key, value) -> config.put(IcebergSinkConfig.CATALOG_PREFIX + key, value));
        return inPluginContext(loader, () -> {
            Class<?> configClass = loader.loadClass(IcebergSinkConfig.class.getName());
            Object sinkConfig = configClass.getConstructor(Map.class).newInstance(config);
            return loader.loadClass(CatalogLoader.class.getName()).getMethod("load", configClass).invoke(null, sinkConfig);
        });
    }

    /**
     * Runs {@code action} with {@code loader} as the thread's context class loader, as a Connect worker runs a
     * plugin's code (Iceberg loads the catalog class through it).
     */
    private static Object inPluginContext(ClassLoader loader, Callable<Object> action) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static void close(Object catalog) throws IOException {
        if (catalog instanceof Closeable closeable) {
            closeable.close();
        }
    }

    /**
     * A loader of every entry of this JVM's class path (a manifest-only jar's {@code Class-Path} expanded, as
     * failsafe starts test JVMs), child of the platform loader: it defines every class again, as a plugin loader does.
     */
    private static URLClassLoader isolatedCopyOfTheClassPath() throws IOException {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry).toAbsolutePath();
            urls.add(path.toUri().toURL());
            if (entry.endsWith(".jar") && Files.isRegularFile(path)) {
                try (JarFile jar = new JarFile(path.toFile())) {
                    Manifest manifest = jar.getManifest();
                    String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
                    if (classPath != null) {
                        for (String reference : classPath.trim().split("\\s+")) {
                            urls.add(path.toUri().resolve(reference).toURL());
                        }
                    }
                }
            }
        }
        return new URLClassLoader("isolated-plugin", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
