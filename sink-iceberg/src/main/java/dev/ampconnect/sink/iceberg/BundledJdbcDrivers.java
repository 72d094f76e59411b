package dev.ampconnect.sink.iceberg;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the JDBC drivers of this plugin's own class loader (the bundled {@code postgresql} jar, and any driver
 * a user adds to the plugin's {@code lib/}) with {@link DriverManager}, before Iceberg's JDBC catalog asks it for a
 * connection.
 *
 * <p>Why: Iceberg's {@code JdbcClientPool} connects through {@code DriverManager.getConnection}, which only hands a
 * caller a driver whose class its class loader resolves to the very same class. {@code DriverManager} finds
 * drivers once per JVM, through the thread context class loader of its first use; in a Connect worker that may be
 * another plugin's loader (any connector that used JDBC first), whose copy of {@code org.postgresql.Driver} is a
 * different class for this plugin's loader. This plugin's copy is then never registered (pgjdbc registers itself
 * only when its class is initialised), and the catalog fails with {@code No suitable driver found for
 * jdbc:postgresql://...} ({@code BundledJdbcDriversIT} reproduces it with two class loaders). Loading the drivers
 * through this class's loader initialises them here, and registering each keeps it registered whatever it does on
 * its own.
 */
final class BundledJdbcDrivers {

    private static final Logger LOG = LoggerFactory.getLogger(BundledJdbcDrivers.class);
    /** One registration per copy of this class, i.e. per plugin class loader. */
    private static List<String> registered;

    private BundledJdbcDrivers() {
    }

    /** Registers the drivers of this class's loader once; returns their class names (for logs and tests). */
    static synchronized List<String> register() {
        if (registered != null) {
            return registered;
        }
        ClassLoader own = BundledJdbcDrivers.class.getClassLoader();
        List<String> names = new ArrayList<>();
        var drivers = ServiceLoader.load(Driver.class, own).iterator();
        while (true) {
            Driver driver;
            try {
                if (!drivers.hasNext()) {
                    break;
                }
                driver = drivers.next();
            } catch (ServiceConfigurationError e) {
                // a broken driver jar elsewhere on the class path must not stop the catalog; it would fail on its own
                LOG.warn("skipping a JDBC driver that cannot be loaded: {}", e.getMessage());
                continue;
            }
            if (driver.getClass().getClassLoader() != own) {
                continue; // a driver of the worker's class path: DriverManager finds it through its own loader
            }
            try {
                DriverManager.registerDriver(driver);
                names.add(driver.getClass().getName());
            } catch (SQLException e) {
                LOG.warn("could not register JDBC driver {}", driver.getClass().getName(), e);
            }
        }
        LOG.debug("registered this plugin's JDBC drivers with DriverManager: {}", names);
        registered = List.copyOf(names);
        return registered;
    }
}
